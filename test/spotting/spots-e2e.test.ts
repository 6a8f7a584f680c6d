import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSammLv, type SammLvRow } from '../../fixtures/samm-lv.js';
import { makeSmicE } from '../../fixtures/smic-e.js';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

let base: string;
let out: string;
let rows: SammLvRow[];

beforeAll(async () => {
  base = await tempDir('me-unify-spots-');
  const root = path.join(base, 'samm-lv');
  rows = (await makeSammLv({ root, release: 'V3' })).rows;
  out = path.join(base, 'out');
  const converted = await runCli(['convert', root, '-o', out, '--frames', 'none']);
  expect(converted.code).toBe(0);
}, 60_000);

const csvLines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n');

describe('me-unify spots on a SAMM-LV conversion', () => {
  it('writes one record per annotated expression, in the video’s own frame numbers', async () => {
    const r = await runCli(['spots', out]);
    expect(r.code).toBe(0);
    // the generator's rows with both ends annotated (0 = unknown, docs/datasets.md §2.5)
    const annotated = rows.filter((row) => row.onset !== 0 && row.offset !== 0);
    const unknown = rows.filter((row) => row.onset === 0 || row.offset === 0);
    expect(unknown.length).toBeGreaterThan(0);
    const [header, ...body] = await csvLines(path.join(out, 'spots.csv'));
    expect(header).toBe('vid,onset,offset,type');
    const expected = annotated
      // fractional sheet frames (docs/datasets.md §2.5.1) are written rounded, each listed in `rounded`
      .map(
        (row) =>
          `${row.video},${Math.round(row.onset)},${Math.round(row.offset)},${row.type === 'Macro' ? 'mae' : 'me'}`,
      )
      .sort();
    expect([...body].sort()).toEqual(expected);
    const json = JSON.parse(await readFile(path.join(out, 'spots.json'), 'utf8'));
    expect(json.unknown.map((u: { sample: string }) => u.sample).sort()).toEqual(
      unknown.map((row) => `samm-lv/${row.video}/${row.filename}`).sort(),
    );
    expect(json.videos).toHaveLength(new Set(annotated.map((row) => row.video)).size);
    expect(r.stderr).toContain(`${unknown.length} long-video samples left out`);
  });

  it('scores the ground truth itself as perfect, and writes a TP line per interval', async () => {
    await runCli(['spots', out, '-o', path.join(base, 'gt')]);
    const r = await runCli(['score-spots', path.join(base, 'gt.csv'), '--on', out]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(await readFile(path.join(base, 'gt-score.json'), 'utf8'));
    const samm = summary.datasets.find((d: { dataset: string }) => d.dataset === 'samm-lv');
    expect(samm.overall).toMatchObject({ fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 });
    const [, ...log] = await csvLines(path.join(base, 'gt-score.log'));
    expect(log).toHaveLength(rows.filter((row) => row.onset !== 0 && row.offset !== 0).length);
    expect(log.every((l) => l.split('\t')[7] === 'TP')).toBe(true);
  });

  it('scores hand-made predictions: one hit, one miss, one false alarm', async () => {
    const micro = rows.find(
      (row) => row.type !== 'Macro' && row.onset !== 0 && row.offset !== 0,
    ) as SammLvRow;
    const file = path.join(base, 'pred.csv');
    await writeFile(
      file,
      `vid,pred_onset,pred_offset,type\n${micro.video},${micro.onset},${micro.offset},me\n${micro.video},1,2,me\n`,
    );
    const r = await runCli(['score-spots', file, '--on', out, '-o', path.join(base, 'pred-score')]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(await readFile(path.join(base, 'pred-score.json'), 'utf8'));
    const microTruths = rows.filter((row) => row.type !== 'Macro' && row.onset !== 0 && row.offset !== 0);
    expect(summary.datasets[0].micro).toMatchObject({
      tp: 1,
      fp: 1,
      fn: microTruths.length - 1,
      precision: 0.5,
    });
  });

  it('names the line of every bad prediction row and exits 1', async () => {
    const video = rows[0]?.video;
    const file = path.join(base, 'bad.csv');
    await writeFile(
      file,
      [
        'vid,pred_onset,pred_offset,type',
        `${video},10,20,me`,
        `999_9,10,20,me`,
        `${video},abc,20,me`,
        `${video},12.5,20,me`,
        `${video},30,20,mae`,
        `${video},10,20,blink`,
        `${video},-3,20,me`,
        '',
      ].join('\n'),
    );
    const r = await runCli(['score-spots', file, '--on', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('6 bad prediction row(s)');
    expect(r.stderr).toMatch(/line 3: video '999_9' has no ground truth/);
    expect(r.stderr).toMatch(/line 4: onset 'abc' is not a frame number/);
    expect(r.stderr).toMatch(/line 5: onset '12.5' is not a frame number/);
    expect(r.stderr).toMatch(/line 6: onset 30 is after offset 20/);
    expect(r.stderr).toMatch(/line 7: type 'blink' is not me, mae/);
    expect(r.stderr).toMatch(/line 8: onset '-3' is not a frame number/);
    expect(r.stderr).not.toMatch(/line 2:/);
  });

  it('reads a header-less predictions file in the vid,onset,offset,type order', async () => {
    const micro = rows.find(
      (row) => row.type !== 'Macro' && row.onset !== 0 && row.offset !== 0,
    ) as SammLvRow;
    const file = path.join(base, 'bare.csv');
    await writeFile(file, `${micro.video},${micro.onset},${micro.offset},me\n`);
    const r = await runCli(['score-spots', file, '--on', out]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(await readFile(path.join(base, 'bare-score.json'), 'utf8'));
    expect(summary.datasets[0].micro).toMatchObject({ tp: 1, fp: 0 });
  });
});

describe('outputs without long videos', () => {
  it('fails with exit 1 naming the manifest', async () => {
    const dir = path.join(base, 'casme2-out');
    await writeOutput(dir, [makeSample('casme2', 'sub01', 'EP02_01f')]);
    const r = await runCli(['spots', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(path.join(dir, 'manifest.jsonl'));
    expect(r.stderr).toContain('no sample comes from a long video (datasets here: casme2)');
  });
  it('is a usage error (exit 2) to score without --on', async () => {
    expect((await runCli(['score-spots', path.join(base, 'gt.csv')])).code).toBe(2);
  });
});

describe('SMIC-E long clips', () => {
  it('take the clip as the video, qualified by the camera, in the sheet’s absolute frame numbers', async () => {
    const dir = path.join(base, 'smic-e-out');
    const sample = (clip: string, subset: string, onset: number, offset: number, k: number) =>
      makeSample('smic-e', 's01', `${clip}_${subset}_${k}`, {
        subset,
        clip,
        source_frames: { onset, apex: null, offset },
        extra: { interval: k, first_frame: 559700, long_clip: true },
      });
    await writeOutput(dir, [
      sample('s1_ne_01', 'hs', 559710, 559740, 1),
      sample('s1_ne_01', 'hs', 559800, 559830, 2),
      sample('s1_ne_01', 'vis', 7750, 7760, 1),
    ]);
    expect((await runCli(['spots', dir])).code).toBe(0);
    const [, ...body] = await csvLines(path.join(dir, 'spots.csv'));
    expect(body).toEqual([
      'hs/s1_ne_01,559710,559740,me',
      'hs/s1_ne_01,559800,559830,me',
      'vis/s1_ne_01,7750,7760,me',
    ]);
  });
});

describe('me-unify spots on a SMIC-E conversion', () => {
  it('writes each converted interval under its camera and clip, in the sheet’s absolute frame numbers', async () => {
    const made = await makeSmicE({ root: path.join(base, 'smic-e') });
    const smicOut = path.join(base, 'smic-e-conv');
    expect((await runCli(['convert', made.root, '-o', smicOut, '--frames', 'none'])).code).toBe(0);
    expect((await runCli(['spots', smicOut])).code).toBe(0);
    const [header, ...body] = await csvLines(path.join(smicOut, 'spots.csv'));
    expect(header).toBe('vid,onset,offset,type');
    // every interval of the generator's rows whose clip is on disk
    const expected = made.hs
      .filter((r) => !made.missing.includes(r.filename))
      .flatMap((r) =>
        [r, ...(r.second ? [r.second] : [])].map((i) => `hs/${r.filename},${i.onset},${i.offset},me`),
      );
    const manifest = (await csvLines(path.join(smicOut, 'manifest.jsonl'))).length;
    expect(body).toHaveLength(manifest);
    expect(body.length).toBeGreaterThan(expected.length / 2);
    expect(body.every((l) => expected.includes(l))).toBe(true);
  }, 60_000);
});
