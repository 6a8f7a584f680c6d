import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Casme2FixtureRow, makeCasme2 } from '../../../fixtures/casme2.js';
import { readManifest } from '../../../src/manifest/read.js';
import type { Report } from '../../../src/schema/issue.js';
import type { Sample } from '../../../src/schema/sample.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const countBy = (samples: Sample[], key: (s: Sample) => string) =>
  samples.reduce<Record<string, number>>((acc, s) => {
    acc[key(s)] = (acc[key(s)] ?? 0) + 1;
    return acc;
  }, {});

describe('CASME II, 2014 sheet, CASME2_RAW_selected (issue 2 done-when)', () => {
  let dir: string;
  let rows: Casme2FixtureRow[];
  let samples: Sample[];
  let report: Report;

  beforeAll(async () => {
    dir = await tempDir();
    ({ rows } = await makeCasme2({
      root: path.join(dir, 'CASME2'),
      layouts: ['raw-selected', 'cropped', 'raw'],
      objectiveClasses: true,
    }));
    const run = await runCli([
      'convert',
      path.join(dir, 'CASME2'),
      '-o',
      path.join(dir, 'out'),
      '--labels',
      'megc2019',
      '--frames',
      'none',
    ]);
    expect(run.code, run.stderr).toBe(0);
    samples = await readManifest(path.join(dir, 'out'));
    report = JSON.parse(await readFile(path.join(dir, 'out', 'report.json'), 'utf8')) as Report;
  });

  it('writes the 255 rows of the sheet from 26 subjects', () => {
    expect(rows).toHaveLength(255);
    expect(samples).toHaveLength(255);
    expect(new Set(samples.map((s) => s.subject)).size).toBe(26);
  });

  it('labels negative 90, positive 32, surprise 25 and leaves 108 null under megc2019', () => {
    expect(countBy(samples, (s) => s.label ?? 'null')).toEqual({
      negative: 90,
      positive: 32,
      surprise: 25,
      null: 108,
    });
    expect(
      countBy(
        samples.filter((s) => s.label === null),
        (s) => s.emotion ?? '',
      ),
    ).toEqual({ others: 99, sadness: 7, fear: 2 });
  });

  it('keeps the apex of sub04 EP12_01f unknown and reports it', () => {
    const s = samples.find((x) => x.id === 'casme2/sub04/EP12_01f');
    expect(s).toMatchObject({
      apex: null,
      apex_source: 'missing',
      source_frames: { onset: 261, apex: null, offset: 321 },
    });
    const issue = report.issues.find((i) => i.code === 'apex.unknown');
    expect(issue).toMatchObject({
      severity: 'warning',
      sample: 'casme2/sub04/EP12_01f',
      file: 'CASME2-coding-20140508.xlsx',
    });
    expect(issue?.message).toContain("ApexFrame '/'");
  });

  it('reports the two folders that have no sheet row', () => {
    const unlisted = report.issues.filter((i) => i.code === 'sheet.unlisted-folder').map((i) => i.file);
    expect(unlisted).toEqual(['CASME2_RAW_selected/sub09/EP02_02f', 'CASME2_RAW_selected/sub24/EP02_07']);
  });

  it('gives every sample frame_count = offset − onset + 1, starting at the onset file', () => {
    for (const s of samples) {
      const { onset, offset } = s.source_frames as { onset: number; offset: number };
      expect(s.frame_count, s.id).toBe(offset - onset + 1);
      expect(s.frames[0]?.endsWith(`/img${onset}.jpg`), s.id).toBe(true);
      expect(s.offset).toBe(s.frame_count - 1);
    }
  });

  it('keeps onset = apex for sub05 EP09_05f and indexes the apex into frames', () => {
    expect(samples.find((s) => s.id === 'casme2/sub05/EP09_05f')).toMatchObject({
      onset: 0,
      apex: 0,
      apex_source: 'annotated',
    });
    const s = samples.find((x) => x.apex !== null && x.apex > 0) as Sample;
    expect(s.frames[s.apex as number]?.endsWith(`/img${s.source_frames.apex}.jpg`)).toBe(true);
  });

  it('keeps AU cells as written and parses them', () => {
    const numeric = samples.find((s) => s.aus_raw === '12');
    expect(numeric?.aus).toEqual([
      { au: 12, side: null, asymmetric: false, intensity: null, uncertain: false, token: '12' },
    ]);
    const sided = samples.find((s) => s.aus_raw === '4+L10');
    expect(sided?.aus.map((a) => [a.au, a.side])).toEqual([
      [4, null],
      [10, 'L'],
    ]);
    const question = samples.filter((s) => s.aus_raw === '?');
    expect(question).toHaveLength(5);
    expect(question.every((s) => s.aus.length === 0 && s.emotion === 'others')).toBe(true);
  });

  it('reads the irregular file names as folder names', () => {
    const clips = new Set(samples.map((s) => `${s.subject}/${s.clip}`));
    for (const c of [
      'casme2/sub03/EP01_2',
      'casme2/sub03/EP08_1',
      'casme2/sub07/EP06_02_01',
      'casme2/sub09/EP09f',
    ])
      expect(clips).toContain(c);
  });

  it('records the sheet fingerprint, the layout and objective classes', async () => {
    const info = JSON.parse(await readFile(path.join(dir, 'out', 'dataset.json'), 'utf8'));
    expect(info.datasets[0]).toMatchObject({
      id: 'casme2',
      layout: 'raw-selected',
      sources: [
        { file: 'CASME2-coding-20140508.xlsx', version: 'casme2-coding-20140508', rows: 255 },
        // the objective classes file contributes a value to every sample: it is a source too (§1.5)
        { file: 'CASME2-ObjectiveClasses.xlsx', version: 'casme2-objective-classes', rows: 255 },
      ],
    });
    expect(info.datasets[0].sources[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.datasets[0].sources[1].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.counts).toMatchObject({ samples: 255, subjects: 26, skipped: 0 });
    expect(samples.every((s) => typeof s.extra.objective_class === 'number')).toBe(true);
    expect(JSON.stringify(info)).not.toContain(dir);
  });

  it('validates with exit 0', async () => {
    const run = await runCli(['validate', path.join(dir, 'out')]);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain('valid: 255 samples, 0 errors');
  });

  it('reads the cropped layout (reg_img…) on request', async () => {
    const out = path.join(dir, 'out-cropped');
    const run = await runCli(['convert', path.join(dir, 'CASME2'), '-o', out, '--layout', 'cropped']);
    expect(run.code, run.stderr).toBe(0);
    const cropped = await readManifest(out);
    expect(cropped).toHaveLength(255);
    for (const s of cropped) {
      expect(s.frames[0]).toContain(`/Cropped/`);
      expect(s.frames[0]?.endsWith(`/reg_img${s.source_frames.onset}.jpg`)).toBe(true);
      expect(s.frame_count).toBe((s.source_frames.offset as number) - (s.source_frames.onset as number) + 1);
    }
  });

  it('selects onset..offset from the full CASME2-RAW sequences', async () => {
    const out = path.join(dir, 'out-raw');
    const run = await runCli(['convert', path.join(dir, 'CASME2'), '-o', out, '--layout', 'raw']);
    expect(run.code, run.stderr).toBe(0);
    const raw = await readManifest(out);
    expect(raw).toHaveLength(255);
    for (const s of raw) {
      expect(
        s.frames[0]?.endsWith(`/CASME2-RAW/${s.id.split('/')[1]}/${s.clip}/img${s.source_frames.onset}.jpg`),
      ).toBe(true);
      expect(s.frame_count).toBe((s.source_frames.offset as number) - (s.source_frames.onset as number) + 1);
    }
    // the whole sequence is available with --span full: frames start at img1
    const full = path.join(dir, 'out-raw-full');
    expect(
      (
        await runCli([
          'convert',
          path.join(dir, 'CASME2'),
          '-o',
          full,
          '--layout',
          'raw',
          '--span',
          'full',
          '--limit',
          '3',
        ])
      ).code,
    ).toBe(0);
    const first = (await readManifest(full))[0] as Sample;
    expect(first.frames[0]?.endsWith('/img1.jpg')).toBe(true);
    expect(first.frames[first.onset]?.endsWith(`/img${first.source_frames.onset}.jpg`)).toBe(true);
  });

  it('--only-labeled keeps the 147 labelled samples; --limit and --dry-run behave', async () => {
    const only = path.join(dir, 'out-labelled');
    expect(
      (
        await runCli([
          'convert',
          path.join(dir, 'CASME2'),
          '-o',
          only,
          '--labels',
          'megc2019',
          '--only-labeled',
        ])
      ).code,
    ).toBe(0);
    expect(await readManifest(only)).toHaveLength(147);
    const limited = path.join(dir, 'out-limit');
    expect((await runCli(['convert', path.join(dir, 'CASME2'), '-o', limited, '--limit', '5'])).code).toBe(0);
    expect(await readManifest(limited)).toHaveLength(5);
    const dry = await runCli([
      'convert',
      path.join(dir, 'CASME2'),
      '-o',
      path.join(dir, 'out-dry'),
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('would convert 255 samples');
    await expect(readFile(path.join(dir, 'out-dry', 'manifest.jsonl'))).rejects.toThrow();
  });
});
