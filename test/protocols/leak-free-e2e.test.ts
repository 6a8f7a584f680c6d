import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSamm } from '../../fixtures/samm.js';
import { makeSammLv } from '../../fixtures/samm-lv.js';
import { makeSmic } from '../../fixtures/smic.js';
import { makeSmicE } from '../../fixtures/smic-e.js';
import { readManifest } from '../../src/manifest/read.js';
import type { Sample } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { expectNoLeak as noLeak } from '../helpers/leak.js';
import { tempDir } from '../helpers/tmp.js';

const expectNoLeak = (file: FoldFile, samples: readonly Sample[]) => noLeak(file.folds, samples);

interface FoldFile {
  protocol: string;
  options: Record<string, unknown>;
  seed: number | null;
  input: { manifest: string; sha256: string };
  folds: { fold: number; test: string[]; train: string[] }[];
}

async function splits(out: string, args: string[]): Promise<FoldFile> {
  const run = await runCli(['splits', out, ...args]);
  expect(run.code, run.stderr).toBe(0);
  const protocol = args[args.indexOf('--protocol') + 1] as string;
  return JSON.parse(await readFile(path.join(out, `splits-${protocol}.json`), 'utf8')) as FoldFile;
}

// Done-when of issue 12: SMIC + SMIC-E and SAMM + SAMM-LV give one subject per person, and splits
// keep every person and every movement on one side, on the generated fixtures.
describe('one person, one subject across dataset variants; folds leak-free by person and event', () => {
  let base: string;
  /** Persons of the SAMM and SAMM-LV fixtures' sheets (the fixtures film 29 and 4 of them, all SAMM's). */
  let sammPersons: Set<string>;
  let sammLvPersons: Set<string>;
  const out = (name: string) => path.join(base, 'out', name);

  beforeAll(async () => {
    base = await tempDir();
    await makeSmic({ root: path.join(base, 'SMIC'), subsets: ['hs'] });
    await makeSmicE({ root: path.join(base, 'SMICE'), subsets: ['hs'] });
    sammPersons = new Set((await makeSamm({ root: path.join(base, 'SAMM') })).rows.map((r) => r.subject));
    const lv = await makeSammLv({ root: path.join(base, 'SAMMLV'), microSheet: true });
    sammLvPersons = new Set(lv.rows.map((r) => r.subject));
    for (const [src, name] of [
      ['SMIC', 'smic'],
      ['SMICE', 'smic-e'],
      ['SAMM', 'samm'],
      ['SAMMLV', 'samm-lv'],
    ] as const) {
      const run = await runCli(['convert', path.join(base, src), '-o', out(name), '--labels', '4class']);
      expect(run.code, run.stderr).toBe(0);
    }
    for (const [name, inputs] of [
      ['smic-all', ['smic', 'smic-e']],
      ['samm-all', ['samm', 'samm-lv']],
    ] as const) {
      const run = await runCli(['combine', ...inputs.map(out), '-o', out(name), '--frames', 'reference']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/combine\.shared-events/);
    }
  }, 300_000);

  it('SMIC + SMIC-E: 16 persons (smic/s01 …), SMIC-E intervals share their SMIC-HS clip’s event', async () => {
    const samples = await readManifest(out('smic-all'));
    const persons = new Set(samples.map((s) => s.subject));
    expect(persons.size).toBe(16);
    expect([...persons].every((p) => /^smic\/s\d{2}$/.test(p))).toBe(true);
    const hs = samples.find((s) => s.id === 'smic/hs/s01/s1_ne_01');
    const e = samples.find((s) => s.id === 'smic-e/hs/s01/s1_ne_01');
    expect(hs?.event).toBe('smic/s1_ne_01');
    expect(e?.event).toBe(hs?.event);
    expect(e?.subject).toBe(hs?.subject);
  });

  it('SAMM + SAMM-LV: one subject per person (samm/006 …); a SAMM-LV micro row shares its SAMM clip’s event', async () => {
    const samples = await readManifest(out('samm-all'));
    const persons = new Set([...sammPersons, ...sammLvPersons].map((p) => `samm/${p}`));
    expect(persons.size).toBeLessThan(sammPersons.size + sammLvPersons.size);
    expect(new Set(samples.map((s) => s.subject))).toEqual(persons);
    const micro = samples.filter((s) => s.dataset === 'samm-lv' && s.kind === 'micro');
    const sammEventOf = new Map(samples.filter((s) => s.dataset === 'samm').map((s) => [s.clip, s.event]));
    const matched = micro.filter((s) => sammEventOf.has(s.clip));
    expect(matched.length).toBeGreaterThan(0);
    // keyed by Filename (docs/datasets.md §2.5.1): the row and the SAMM clip of that name are one movement
    for (const s of matched) expect(s.event, s.id).toBe(sammEventOf.get(s.clip));
    for (const s of micro.filter((m) => !sammEventOf.has(m.clip))) expect(s.event).toBe(`samm/${s.clip}`);
    const macro = samples.filter((s) => s.dataset === 'samm-lv' && s.kind === 'macro');
    for (const s of macro) expect(s.event).toBe(s.id);
  });

  it('LOSO: one fold per person over both variants, nothing on both sides', async () => {
    for (const [name, persons] of [
      ['smic-all', 16],
      ['samm-all', 30],
    ] as const) {
      const samples = (await readManifest(out(name))).filter((s) => s.label !== null);
      const file = await splits(out(name), ['--protocol', 'loso']);
      expect(new Set(file.folds.flatMap((f) => f.test)).size).toBe(samples.length);
      expect(file.folds.length).toBeLessThanOrEqual(persons);
      expect(file.input.sha256).toMatch(/^[0-9a-f]{64}$/);
      expectNoLeak(file, samples);
    }
  });

  it('kfold: grouped, deterministic for a seed, recorded in the file', async () => {
    const samples = (await readManifest(out('samm-all'))).filter((s) => s.label !== null);
    const a = await splits(out('samm-all'), ['--protocol', 'kfold', '--k', '5', '--seed', '7']);
    expectNoLeak(a, samples);
    expect(a.folds).toHaveLength(5);
    expect(a.seed).toBe(7);
    expect(a.options).toMatchObject({ k: 5, seed: 7 });
    const b = await splits(out('samm-all'), ['--protocol', 'kfold', '--k', '5', '--seed', '7']);
    expect(b.folds).toEqual(a.folds);
  });

  it('cross: refuses SAMM → SAMM-LV (the same people), naming them; accepts SMIC → SAMM', async () => {
    const refused = await runCli([
      'splits',
      out('samm-all'),
      '--protocol',
      'cross',
      '--train',
      'samm',
      '--test',
      'samm-lv',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/share \d+ persons \(samm\/0\d\d/);
    const both = path.join(base, 'out', 'smic-samm');
    const run = await runCli(['combine', out('smic'), out('samm'), '-o', both, '--frames', 'reference']);
    expect(run.code, run.stderr).toBe(0);
    const file = await splits(both, ['--protocol', 'cross', '--train', 'smic', '--test', 'samm']);
    expect(file.folds).toHaveLength(1);
    expectNoLeak(file, await readManifest(both));
  });

  it('LODO over SAMM + SAMM-LV withholds the other variant’s same-person samples from training', async () => {
    const samples = (await readManifest(out('samm-all'))).filter((s) => s.label !== null);
    const file = await splits(out('samm-all'), ['--protocol', 'lodo']);
    expect(file.folds).toHaveLength(2);
    expectNoLeak(file, samples);
    const one = await runCli(['splits', out('samm'), '--protocol', 'lodo']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/needs at least two; the input holds only samm/);
  });

  it('--one-per-event keeps the preferred dataset’s sample of each shared movement', async () => {
    const dedup = path.join(base, 'out', 'samm-dedup');
    const run = await runCli([
      'combine',
      out('samm'),
      out('samm-lv'),
      '-o',
      dedup,
      '--frames',
      'reference',
      '--one-per-event',
      'samm,samm-lv',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const samples = await readManifest(dedup);
    const events = samples.map((s) => s.event);
    expect(new Set(events).size).toBe(events.length);
    const sammEvents = new Set(samples.filter((s) => s.dataset === 'samm').map((s) => s.event));
    expect(samples.filter((s) => s.dataset === 'samm-lv' && sammEvents.has(s.event))).toEqual([]);
    const before = await readManifest(out('samm-lv'));
    expect(before.some((s) => sammEvents.has(s.event))).toBe(true);
    expect(samples.some((s) => s.dataset === 'samm-lv' && s.kind === 'macro')).toBe(true);
  });
});
