import { readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSmicE, type SmicERowSpec } from '../../../fixtures/smic-e.js';
import type { SourceSample } from '../../../src/adapters/adapter.js';
import { KNOWN_LOST_HS } from '../../../src/adapters/smic-e/index.js';
import { scan } from '../../../src/convert/scan.js';
import type { Issue } from '../../../src/schema/issue.js';
import type { Sample } from '../../../src/schema/sample.js';
import { runBin, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

let base: string;
let root: string;
let hs: SmicERowSpec[];
let missing: string[];

/** The parts of dataset.json these tests read. */
interface Info {
  counts: { skipped: number };
  datasets: {
    sources: { file: string; version: string; rows: number }[];
    details: {
      hs: {
        rows: {
          data: number;
          converted: number;
          lost_known: string[];
          folder_missing: string[];
          rejected: number;
          text_rows_left_out: number;
        };
      };
    };
  }[];
}

async function readOut(out: string): Promise<{ samples: Sample[]; issues: Issue[]; info: Info }> {
  const text = await readFile(path.join(out, 'manifest.jsonl'), 'utf8');
  const samples = text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Sample);
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
  const info = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
  return { samples, issues: report.issues, info };
}

const idOf = (r: SmicERowSpec, k = 1) =>
  `smic-e/hs/s${String(r.subject).padStart(2, '0')}/${r.filename}${k === 1 ? '' : `_${k}`}`;

beforeAll(async () => {
  base = await tempDir('me-unify-smic-e-');
  const made = await makeSmicE({ root: path.join(base, 'download') });
  root = made.root;
  hs = made.hs;
  missing = made.missing;
});

describe('SMIC-E HS download with the original sheet (done-when)', () => {
  let out: string;
  let samples: Sample[];
  let issues: Issue[];
  let info: Info;

  beforeAll(async () => {
    out = path.join(base, 'out-hs');
    const conv = await runCli(['convert', root, '-o', out, '--labels', 'megc2019', '--frames', 'none']);
    expect(conv.code, conv.stderr).toBe(0);
    ({ samples, issues, info } = await readOut(out));
  });

  it('reads 162 sheet rows; 157 clips convert, each second interval as its own sample', () => {
    expect(hs).toHaveLength(162);
    const present = hs.filter((r) => !missing.includes(r.filename));
    expect(present).toHaveLength(157);
    expect(new Set(samples.map((s) => s.clip)).size).toBe(157);
    const seconds = present.filter((r) => r.second);
    expect(seconds).toHaveLength(5);
    expect(samples).toHaveLength(157 + seconds.length);
    expect(samples.map((s) => s.id).sort()).toEqual(
      [...present.map((r) => idOf(r)), ...seconds.map((r) => idOf(r, 2))].sort(),
    );
  });

  it('names each of the five missing clips in the report, as the known HS data loss', () => {
    const lost = issues.filter((i) => i.code === 'smic-e.clip-lost');
    expect(lost.map((i) => i.sample).sort()).toEqual(
      hs
        .filter((r) => missing.includes(r.filename))
        .map((r) => idOf(r))
        .sort(),
    );
    for (const i of lost) {
      expect(i.severity).toBe('warning');
      expect(i.message).toMatch(/no folder HS_long\/SMIC-HS-E\/HS\/s0\d\/s\d_\w+_\d+\/ for this sheet row/);
      expect(i.row).toBe(hs.find((r) => idOf(r) === i.sample)?.row);
    }
    expect(info.datasets[0]?.details.hs.rows.lost_known.sort()).toEqual([...KNOWN_LOST_HS].sort());
  });

  it('accounts for every sheet row: converted, or reported by row number', () => {
    const converted = new Set(samples.map((s) => s.source.row));
    const reported = new Set(issues.filter((i) => i.row !== null && i.severity !== 'info').map((i) => i.row));
    for (const r of hs) expect(converted.has(r.row) || reported.has(r.row), `row ${r.row}`).toBe(true);
    const rows = (info.datasets[0] as Info['datasets'][number]).details.hs.rows;
    expect(rows.data).toBe(162);
    expect(rows.converted + rows.lost_known.length + rows.folder_missing.length + rows.rejected).toBe(162);
    expect(rows.text_rows_left_out).toBe(2);
    const notes = issues.filter((i) => i.code === 'smic-e.sheet-note');
    expect(notes.map((i) => i.row)).toEqual([165, 166]);
    expect(notes[0]?.message).toContain('are not available');
  });

  it('validate exits 0', async () => {
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('the built CLI does the same as a real process (needs npm run build)', async () => {
    const binOut = path.join(base, 'out-bin');
    const conv = await runBin(['convert', root, '-o', binOut, '--labels', 'megc2019', '--frames', 'copy']);
    expect(conv.code, conv.stderr).toBe(0);
    expect(conv.stdout).toMatch(/converted 162 samples from 16 subjects of smic-e/);
    const val = await runBin(['validate', binOut]);
    expect(val.code, val.stdout + val.stderr).toBe(0);
  });

  it('takes indices relative to the long clip’s first frame; apex at the midpoint', () => {
    for (const r of hs.filter((x) => !missing.includes(x.filename))) {
      const s = samples.find((x) => x.id === idOf(r)) as Sample;
      expect(s.frames).toHaveLength(r.offset - r.onset + 1); // --span onset-offset (the default)
      expect(s.frames[0]).toMatch(new RegExp(`image${String(r.onset).padStart(6, '0')}\\.jpg$`));
      expect(s.source_frames).toEqual({ onset: r.onset, apex: null, offset: r.offset });
      expect(s.extra.first_frame).toBe(r.filename === 's3_ne_20' ? null : r.firstF);
      expect(s.apex).toBe(Math.floor((r.offset - r.onset) / 2));
      expect(s.apex_source).toBe('midpoint');
      expect(s.fps).toBe(100);
      expect(s.subject).toBe(`smic/s${String(r.subject).padStart(2, '0')}`);
      if (r.second) {
        const two = samples.find((x) => x.id === idOf(r, 2)) as Sample;
        expect(two.clip).toBe(r.filename);
        expect(two.source_frames).toEqual({ onset: r.second.onset, apex: null, offset: r.second.offset });
        expect(two.extra.interval).toBe(2);
      }
    }
  });

  it('reads cached values of formulas, including FirstF computed from the VIS tab', () => {
    // a wrong FirstF would show as a first-frame mismatch against the folder
    expect(issues.filter((i) => i.code === 'smic-e.first-frame-mismatch')).toEqual([]);
    const s20 = samples.find((s) => s.clip === hs[0]?.filename) as Sample;
    expect(hs[0]?.subject).toBe(20);
    expect(s20.extra.first_frame).toBe(hs[0]?.firstF);
  });

  it('labels with megc2019 from the sheet’s Emotion column', () => {
    const expected: Record<string, number> = {};
    for (const r of hs.filter((x) => !missing.includes(x.filename)))
      for (let k = 0; k < (r.second ? 2 : 1); k++) expected[r.emotion] = (expected[r.emotion] ?? 0) + 1;
    const got: Record<string, number> = {};
    for (const s of samples) got[s.label ?? 'null'] = (got[s.label ?? 'null'] ?? 0) + 1;
    expect(got).toEqual(expected);
    // the sheet counts negative 70, positive 51, surprise 41 (docs/datasets.md §3.4)
    const sheet: Record<string, number> = {};
    for (const r of hs) sheet[r.emotion] = (sheet[r.emotion] ?? 0) + 1;
    expect(sheet).toEqual({ negative: 70, positive: 51, surprise: 41 });
  });

  it('reports the FirstF text of s3_ne_20 and recognises the sheet version', () => {
    const text = issues.find((i) => i.code === 'smic-e.first-frame-text');
    expect(text?.message).toContain("'MISSING <-426679'");
    expect(text?.row).toBe(hs.find((r) => r.filename === 's3_ne_20')?.row);
    expect(info.datasets[0]?.sources[0]).toMatchObject({
      file: 'HS_long/SMIC-HS-E_annotation.xlsx',
      version: 'smic-hs-e-annotation-orig',
      rows: 162,
    });
  });
});

describe('SMIC-E variants', () => {
  it('a clip missing beyond the known five is an error: stops by default, skipped with --on-error skip', async () => {
    const made = await makeSmicE({
      root: path.join(base, 'damaged'),
      missingClips: [...KNOWN_LOST_HS, 's5_ne_01'],
    });
    const out = path.join(base, 'out-damaged');
    const fail = await runCli(['convert', made.root, '-o', out]);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(
      /smic-e\/hs\/s05\/s5_ne_01: no folder HS_long\/SMIC-HS-E\/HS\/s05\/s5_ne_01\//,
    );
    const skip = await runCli(['convert', made.root, '-o', out, '--on-error', 'skip']);
    expect(skip.code).toBe(0);
    const { samples, info } = await readOut(out);
    expect(new Set(samples.map((s) => s.clip)).size).toBe(156);
    expect(info.datasets[0]?.details.hs.rows.folder_missing).toEqual(['s5_ne_01']);
    expect(info.counts.skipped).toBe(1);
  });

  it('frames renumbered from 1 are located relative to FirstF, with a warning', async () => {
    const made = await makeSmicE({ root: path.join(base, 'renumbered'), extraLevel: false });
    const r = made.hs.find((x) => x.subject === 8 && !x.second) as SmicERowSpec;
    const dir = path.join(made.root, 'HS_long', 'SMIC-HS-E', 's08', r.filename);
    for (const name of await readdir(dir)) {
      const n = Number(/(\d+)\.jpg$/.exec(name)?.[1]);
      await rename(
        path.join(dir, name),
        path.join(dir, `image${String(n - r.firstF + 1).padStart(6, '0')}.jpg`),
      );
    }
    const { result, issues } = await scan(made.root, {});
    const s = result.samples.find((x) => x.id === idOf(r)) as (typeof result.samples)[number];
    expect([s.onset, s.offset]).toEqual([r.onset - r.firstF, r.offset - r.firstF]);
    expect(issues.issues.find((i) => i.code === 'smic-e.relative-numbering')?.sample).toBe(idOf(r));
    // without the extra HS/ level the clips are found one folder up (§3.3)
    expect(result.details.hs).toMatchObject({ clips_folder: 'HS_long/SMIC-HS-E' });
  });

  it('reads the _2019 file name and an ApexF column as an annotated apex', async () => {
    const made = await makeSmicE({ root: path.join(base, 'v2019'), sheetFile: '2019', apexColumn: true });
    const { result } = await scan(made.root, {});
    expect(result.sources[0]?.file).toBe('HS_long/SMIC-HS-E_annotation_2019.xlsx');
    expect(result.sources[0]?.version).toMatch(/^smic-e-annotation-2019/);
    const r = made.hs.find((x) => x.subject === 1) as SmicERowSpec;
    const s = result.samples.find((x) => x.id === idOf(r));
    expect(s?.apex_source).toBe('annotated');
    expect(s?.apex).toBe(r.offset - r.firstF);
    expect(s?.source_frames.apex).toBe(r.offset);
  });

  it('two identical intervals of one clip (the edited copy) are reported and kept once', async () => {
    const made = await makeSmicE({ root: path.join(base, 'repeated'), repeatedInterval: true });
    const { result, issues } = await scan(made.root, {});
    const r = made.hs.find((x) => x.second && !made.missing.includes(x.filename)) as SmicERowSpec;
    const ofClip = result.samples.filter((x) => x.clip === r.filename);
    expect(ofClip.map((x) => x.id)).toEqual([idOf(r), idOf(r, 2)]);
    const [warning] = issues.issues.filter((i) => i.code === 'smic-e.duplicate-interval');
    expect(warning).toMatchObject({ severity: 'warning', sample: idOf(r, 3), row: r.row });
    expect(warning?.message).toContain(
      `Onset3F/Offset3F ${r.second?.onset}..${r.second?.offset} repeats Onset2F/Offset2F`,
    );
    expect(result.samples).toHaveLength(157 + 5);
  });

  it('reads HS, VIS and NIR together: VIS/NIR at 25 fps, 71 rows each, file names with a space', async () => {
    const made = await makeSmicE({ root: path.join(base, 'all'), subsets: ['hs', 'vis', 'nir'] });
    const { result, issues } = await scan(made.root, {});
    const by: Record<string, SourceSample[]> = {};
    for (const s of result.samples) {
      const list = by[s.subset as string] ?? [];
      list.push(s);
      by[s.subset as string] = list;
    }
    expect(by.vis).toHaveLength(71);
    expect(by.nir).toHaveLength(71);
    expect(by.hs).toHaveLength(162);
    expect(by.vis?.every((s) => s.fps === 25 && /image \d{6}\.jpg$/.test(s.frames[0] as string))).toBe(true);
    const labels: Record<string, number> = {};
    for (const s of by.vis ?? []) labels[s.emotion as string] = (labels[s.emotion as string] ?? 0) + 1;
    expect(labels).toEqual({ positive: 28, negative: 24, surprise: 19 }); // docs/datasets.md §3.1
    expect(result.sources.map((s) => [s.file, s.rows])).toEqual([
      ['HS_long/SMIC-HS-E_annotation.xlsx', 162],
      ['VIS_long/SMIC-VIS-E_annotation.xlsx', 71],
      ['NIR_long/SMIC-NIR-E_annotation.xlsx', 71],
    ]);
    expect(issues.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const visOnly = await scan(made.root, { layout: 'vis' });
    expect(visOnly.result.samples.every((s) => s.subset === 'vis')).toBe(true);
    await rm(made.root, { recursive: true });
  });
});
