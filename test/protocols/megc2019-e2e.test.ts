import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { compositeEntries } from '../../fixtures/composite.js';
import { makeSamm } from '../../fixtures/samm.js';
import { makeSmic } from '../../fixtures/smic.js';
import { memberKey } from '../../src/protocols/megc2019.js';
import { SampleSchema } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The issue's "done when": trees laid out like real CASME II (2014 sheet), SAMM (v2 sheet) and
 * SMIC-HS downloads, converted, then `combine --protocol megc2019` → the published 442 samples.
 */
describe('MEGC 2019 end to end: convert CASME II + SAMM + SMIC-HS, combine, validate, splits', () => {
  let base: string;
  let composite: string;
  let combineRun: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    base = await tempDir();
    const src = (n: string) => path.join(base, 'src', n);
    await makeCasme2({ root: src('CASME2'), sheet: '20140508', layouts: ['raw-selected'] });
    await makeSamm({ root: src('SAMM'), variant: 'v2' });
    await makeSmic({ root: src('SMIC'), subsets: ['hs'] });
    for (const [name, id] of [
      ['CASME2', 'casme2'],
      ['SAMM', 'samm'],
      ['SMIC', 'smic'],
    ] as const) {
      const r = await runCli([
        'convert',
        src(name),
        '-o',
        path.join(base, 'out', id),
        '--format',
        id,
        '--labels',
        'megc2019',
        '--on-error',
        'skip',
      ]);
      expect(r.code, `${id}: ${r.stderr}`).toBe(0);
    }
    composite = path.join(base, 'out', 'megc2019');
    combineRun = await runCli([
      'combine',
      ...['casme2', 'samm', 'smic'].map((d) => path.join(base, 'out', d)),
      '-o',
      composite,
      '--protocol',
      'megc2019',
    ]);
  }, 300_000);

  it('gives 442 samples from 68 subjects with the published per-dataset and total class counts', async () => {
    expect(combineRun.code, combineRun.stderr).toBe(0);
    expect(combineRun.stdout).toContain('combined 442 samples from 68 subjects');
    expect(combineRun.stdout).toContain('list members not found: 0');
    const samples = (await readFile(path.join(composite, 'manifest.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => SampleSchema.parse(JSON.parse(l)));
    expect(samples).toHaveLength(442);
    expect(new Set(samples.map((s) => s.subject)).size).toBe(68);
    const count = (d: string | null, l: string) =>
      samples.filter((s) => (d === null || s.dataset === d) && s.label === l).length;
    const triple = (d: string | null) => [count(d, 'negative'), count(d, 'positive'), count(d, 'surprise')];
    expect(triple('casme2')).toEqual([88, 32, 25]);
    expect(triple('samm')).toEqual([92, 26, 15]);
    expect(triple('smic')).toEqual([70, 51, 43]);
    expect(triple(null)).toEqual([250, 109, 83]);
    // identical to the membership list, sample for sample
    const names = ['negative', 'positive', 'surprise'];
    const listed = compositeEntries().map((e) => `${memberKey(e.data, e.subject, e.clip)}=${names[e.label]}`);
    const got = samples.map((s) => `${memberKey(s.dataset, s.subject, s.clip)}=${s.label}`);
    expect(got.sort()).toEqual(listed.sort());
    // CASME II rows the rules would add but the list excludes are named (docs/datasets.md §6.1)
    const report = JSON.parse(await readFile(path.join(composite, 'report.json'), 'utf8'));
    const excluded = report.issues.filter((i: { code: string }) => i.code === 'protocol.excluded-candidate');
    expect(excluded.map((i: { sample: string }) => i.sample)).toEqual(
      expect.arrayContaining(['casme2/sub04/EP12_01f']),
    );
    const info = JSON.parse(await readFile(path.join(composite, 'dataset.json'), 'utf8'));
    expect(info.datasets.map((d: { id: string }) => d.id)).toEqual(['casme2', 'samm', 'smic']);
    expect(info.datasets[0].sources.length).toBeGreaterThan(0);
    expect(info.options.protocol).toBe('megc2019');
  });

  it('validates (exit 0)', async () => {
    const r = await runCli(['validate', composite]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^valid: 442 samples/);
  });

  it('splits --protocol megc2019 yields 68 folds without subject leakage', async () => {
    const r = await runCli(['splits', composite, '--protocol', 'megc2019']);
    expect(r.code, r.stderr).toBe(0);
    const splits = JSON.parse(await readFile(path.join(composite, 'splits-megc2019.json'), 'utf8'));
    expect(splits.folds).toHaveLength(68);
    const subjectOf = new Map<string, string>(
      (await readFile(path.join(composite, 'manifest.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((s: { id: string; subject: string }) => [s.id, s.subject]),
    );
    for (const f of splits.folds as { test: string[]; train: string[] }[]) {
      const test = new Set(f.test.map((id) => subjectOf.get(id)));
      expect(test.size).toBe(1);
      expect(f.train.some((id) => test.has(subjectOf.get(id)))).toBe(false);
      expect(f.test.length + f.train.length).toBe(442);
    }
    const csv = (await readFile(path.join(composite, 'splits-megc2019.csv'), 'utf8')).trim().split('\n');
    expect(csv).toHaveLength(443);
  });

  it('splits on a single converted dataset selects its list members first (CASME II: 145 samples, 24 subjects)', async () => {
    const file = path.join(base, 'splits', 'casme2-megc');
    const r = await runCli([
      'splits',
      path.join(base, 'out', 'casme2'),
      '--protocol',
      'megc2019',
      '-o',
      file,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const splits = JSON.parse(await readFile(`${file}.json`, 'utf8'));
    expect(splits.samples).toBe(145);
    expect(splits.folds).toHaveLength(24);
    const lodo = await runCli(['splits', composite, '--protocol', 'lodo']);
    expect(lodo.stdout).toMatch(/^lodo: 3 folds over 442 samples from 68 subjects/);
  });

  it('stats prints the dataset × label table', async () => {
    const r = await runCli(['stats', composite, '--json']);
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats.samples).toBe(442);
    expect(stats.subjects).toBe(68);
    expect(stats.by_label).toEqual({ negative: 250, positive: 109, surprise: 83 });
    const text = await runCli(['stats', composite]);
    expect(text.stdout.split('\n').find((l) => l.startsWith('total'))).toMatch(
      /^total\s+442\s+68\s+250\s+109\s+83/,
    );
  });
});
