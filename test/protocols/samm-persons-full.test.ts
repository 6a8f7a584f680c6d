import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSamm } from '../../fixtures/samm.js';
import { makeSammLv } from '../../fixtures/samm-lv.js';
import { readManifest } from '../../src/manifest/read.js';
import type { Sample } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { expectNoLeak } from '../helpers/leak.js';
import { tempDir } from '../helpers/tmp.js';

// Done-when of issue 12 at full scale: the whole SAMM-LV sheet (147 videos, 30 people) beside the
// SAMM micro release (its 159 clips): one subject per person, and each of the 159 micro rows is the
// same movement as its SAMM clip (docs/datasets.md §2.5.1), so LOSO never splits either.
describe('SAMM + SAMM Long Videos, every video: 30 persons, 159 shared movements', () => {
  let samples: Sample[];
  let base: string;

  beforeAll(async () => {
    base = await tempDir();
    await makeSamm({ root: path.join(base, 'SAMM') });
    await makeSammLv({ root: path.join(base, 'SAMMLV'), microSheet: true, videos: 'all' });
    for (const [src, name] of [
      ['SAMM', 'samm'],
      ['SAMMLV', 'samm-lv'],
    ] as const) {
      const run = await runCli(['convert', path.join(base, src), '-o', path.join(base, name)]);
      expect(run.code, run.stderr).toBe(0);
    }
    const run = await runCli([
      'combine',
      path.join(base, 'samm'),
      path.join(base, 'samm-lv'),
      '-o',
      path.join(base, 'all'),
      '--frames',
      'reference',
    ]);
    expect(run.code, run.stderr).toBe(0);
    samples = await readManifest(path.join(base, 'all'));
  }, 300_000);

  it('gives 30 persons, each `samm/<sss>`, shared by both datasets', () => {
    const persons = new Set(samples.map((s) => s.subject));
    expect(persons.size).toBe(30);
    expect([...persons].every((p) => /^samm\/\d{3}$/.test(p))).toBe(true);
    const inSamm = new Set(samples.filter((s) => s.dataset === 'samm').map((s) => s.subject));
    for (const p of inSamm) expect(persons.has(p)).toBe(true);
  });

  it('puts every SAMM-LV micro row in the event of its SAMM clip, and LOSO keeps persons and events whole', async () => {
    const sammEvents = new Set(samples.filter((s) => s.dataset === 'samm').map((s) => s.event));
    const micro = samples.filter((s) => s.dataset === 'samm-lv' && s.kind === 'micro');
    expect(micro).toHaveLength(159);
    expect(micro.filter((s) => sammEvents.has(s.event))).toHaveLength(159);

    const run = await runCli([
      'splits',
      path.join(base, 'all'),
      '--protocol',
      'loso',
      '--include-unlabelled',
      '-o',
      path.join(base, 'loso'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const file = JSON.parse(await readFile(path.join(base, 'loso.json'), 'utf8')) as {
      folds: { test: string[]; train: string[] }[];
    };
    expect(file.folds).toHaveLength(30);
    expectNoLeak(file.folds, samples);
  });
});
