import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/schema/sample.js';
import { groundTruth } from '../../src/spotting/ground-truth.js';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

const lv = (
  dataset: string,
  video: string,
  k: number,
  frames: Sample['source_frames'],
  kind: Sample['kind'] = 'micro',
) =>
  makeSample(dataset, video.slice(0, 3), `${video}_${k}`, { kind, source_frames: frames, extra: { video } });

describe('groundTruth', () => {
  it('ignores short clips and keeps long-video samples in the sheet’s numbering', () => {
    const gt = groundTruth([
      makeSample('casme2', 'sub01', 'EP02_01f'),
      lv('samm-lv', '006_1', 1, { onset: 3562, apex: 3570, offset: 3600 }),
    ]);
    expect(gt.expressions).toMatchObject([
      { dataset: 'samm-lv', video: '006_1', onset: 3562, apex: 3570, offset: 3600 },
    ]);
  });
  it('rounds fractional sheet numbers and says so', () => {
    const gt = groundTruth([
      lv('samm-lv', '006_1', 1, { onset: 566.4000000000001, apex: 570.5, offset: 600 }),
    ]);
    expect(gt.expressions[0]).toMatchObject({ onset: 566, apex: 571, offset: 600 });
    expect(gt.rounded).toHaveLength(2);
  });
  it('reports an onset after the offset instead of writing it', () => {
    const gt = groundTruth([lv('samm-lv', '006_1', 1, { onset: 700, apex: null, offset: 600 })]);
    expect(gt.expressions).toHaveLength(0);
    expect(gt.unknown[0]?.reason).toContain('onset 700 is after offset 600');
  });
  it('keeps two identical intervals of one video but reports the repeat', () => {
    const frames = { onset: 10, apex: null, offset: 20 };
    const gt = groundTruth([lv('smic-e', 's9_sur_01', 2, frames), lv('smic-e', 's9_sur_01', 3, frames)]);
    expect(gt.expressions).toHaveLength(2);
    expect(gt.duplicates).toHaveLength(1);
    expect(gt.duplicates[0]).toContain('s9_sur_01 10..20 micro');
  });
  it('leaves an unknown end out by default, and with unknownEnd apex ends the interval at the apex, listed', () => {
    const samples = [
      lv('casme-sq', '15_0401', 1, { onset: 100, apex: 130, offset: null }, 'macro'),
      lv('casme-sq', '15_0401', 2, { onset: null, apex: null, offset: 300 }),
    ];
    const strict = groundTruth(samples);
    expect(strict.expressions).toHaveLength(0);
    expect(strict.unknown.map((u) => u.reason)).toEqual([
      'onset not annotated in the sheet (source_frames.onset is null)',
      'offset not annotated in the sheet (source_frames.offset is null)',
    ]);
    const organisers = groundTruth(samples, 'apex');
    expect(organisers.expressions).toMatchObject([{ video: '15_0401', onset: 100, offset: 130, apex: 130 }]);
    // no apex either: nothing to put in its place, still left out
    expect(organisers.unknown).toHaveLength(1);
    expect(organisers.substituted).toEqual(['casme-sq/15_/15_0401_1: offset unknown, set to the apex 130']);
  });
  it('drops a negative apex (SAMM-LV writes -1 for "not annotated")', () => {
    const gt = groundTruth([lv('samm-lv', '006_1', 1, { onset: 10, apex: -1, offset: 20 })]);
    expect(gt.expressions[0]?.apex).toBeNull();
  });
});

describe('several datasets in one output', () => {
  it('adds a dataset column to the CSV, and predictions must name the dataset of a shared video name', async () => {
    const dir = await tempDir('me-unify-spots-multi-');
    const out = path.join(dir, 'out');
    await writeOutput(out, [
      lv('samm-lv', '006_1', 1, { onset: 10, apex: null, offset: 20 }),
      lv('other-lv', '006_1', 1, { onset: 30, apex: null, offset: 40 }, 'macro'),
    ]);
    expect((await runCli(['spots', out, '-o', path.join(dir, 'gt')])).code).toBe(0);
    expect((await readFile(path.join(dir, 'gt.csv'), 'utf8')).trim().split('\n')).toEqual([
      'vid,onset,offset,type,dataset',
      '006_1,30,40,mae,other-lv',
      '006_1,10,20,me,samm-lv',
    ]);
    const bare = path.join(dir, 'bare.csv');
    await writeFile(bare, 'vid,onset,offset,type\n006_1,10,20,me\n');
    const r = await runCli(['score-spots', bare, '--on', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("line 2: video '006_1' is in several datasets (other-lv, samm-lv)");
    const scored = await runCli(['score-spots', path.join(dir, 'gt.csv'), '--on', out]);
    expect(scored.code).toBe(0);
    const summary = JSON.parse(await readFile(path.join(dir, 'gt-score.json'), 'utf8'));
    expect(
      summary.datasets.map((d: { dataset: string; overall: { f1: number } }) => [d.dataset, d.overall.f1]),
    ).toEqual([
      ['other-lv', 1],
      ['samm-lv', 1],
    ]);
  });
});
