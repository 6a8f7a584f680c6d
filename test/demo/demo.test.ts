import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../src/manifest/read.js';
import { runBin } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('me-unify demo', () => {
  // one end-to-end run of every dataset: minutes on a loaded 2-core machine, so its own limit
  it('builds synthetic datasets, converts and validates them, and says what it did', {
    timeout: 300_000,
  }, async () => {
    const dir = await tempDir();
    const run = await runBin(['demo', '-o', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('casme2: synthetic source sources/CASME2');
    expect(run.stdout).toMatch(/converted 255 samples from 26 subjects of casme2/);
    expect(run.stdout).toContain('labels (megc2019): negative 90, null 108, positive 32, surprise 25');
    expect(run.stdout).not.toContain('validate: FAILED');
    expect(run.stdout).toMatch(/converted 12 samples from 3 subjects of mmme/);
    expect(run.stdout).toMatch(/converted 159 samples from 29 subjects of samm /);
    expect(run.stdout).toMatch(/converted 164 samples from 16 subjects of smic/);
    expect(run.stdout).toMatch(/converted 11 samples from 5 subjects of casme3/);
    expect(run.stdout).toContain('442 samples from 68 subjects; negative 250, positive 109, surprise 83');
    expect(run.stdout).toMatch(/converted 10 samples from 3 subjects of casme-sq/);
    expect(run.stdout).toMatch(/converted 8 samples from 3 subjects of mmew/);
    expect(run.stdout).toMatch(/converted 6 samples from 3 subjects of 4dme/);
    expect((await readdir(path.join(dir, 'out'))).sort()).toEqual([
      '4dme',
      'casme-sq',
      'casme2',
      'casme3',
      'megc2019',
      'mmew',
      'mmme',
      'samm',
      'samm-all',
      'samm-lv',
      'smic',
    ]);
    // issue 12: SAMM and SAMM-LV films the same people: one subject each, and leak-free folds
    const all = await readManifest(path.join(dir, 'out', 'samm-all'));
    const persons = async (d: string) =>
      new Set((await readManifest(path.join(dir, 'out', d))).map((s) => s.subject));
    const [a, b] = [await persons('samm'), await persons('samm-lv')];
    expect(new Set(all.map((s) => s.subject))).toEqual(new Set([...a, ...b]));
    expect([...b].every((p) => a.has(p))).toBe(true);
    expect(run.stdout).toMatch(
      /loso on out\/samm-all: \d+ folds over \d+ labelled samples, no person or event on both sides/,
    );
    expect(run.stdout).toMatch(/kfold on out\/megc2019: 5 folds over 442 labelled samples/);
    expect(run.stdout).toMatch(/cross on out\/megc2019: 1 folds over 442 labelled samples/);
    for (const name of ['splits-loso', 'splits-kfold', 'splits-cross']) {
      const where = name === 'splits-loso' ? 'samm-all' : 'megc2019';
      const file = JSON.parse(await readFile(path.join(dir, 'out', where, `${name}.json`), 'utf8')) as {
        folds: { test: string[]; train: string[] }[];
      };
      const samples = await readManifest(path.join(dir, 'out', where));
      const byId = new Map(samples.map((s) => [s.id, s]));
      for (const f of file.folds) {
        const persons = new Set(f.test.map((id) => byId.get(id)?.subject));
        const events = new Set(f.test.map((id) => byId.get(id)?.event));
        for (const id of f.train) {
          expect(persons.has(byId.get(id)?.subject)).toBe(false);
          expect(events.has(byId.get(id)?.event)).toBe(false);
        }
      }
    }
    const samm = await readManifest(path.join(dir, 'out', 'samm'));
    const labels = samm.reduce<Record<string, number>>((acc, s) => {
      acc[s.label ?? 'null'] = (acc[s.label ?? 'null'] ?? 0) + 1;
      return acc;
    }, {});
    expect(labels).toEqual({ negative: 92, positive: 26, surprise: 15, null: 26 });
    const lv = await readManifest(path.join(dir, 'out', 'samm-lv'));
    expect(lv.some((s) => s.kind === 'macro')).toBe(true);
    expect(lv.some((s) => s.label !== null)).toBe(true);
  });
});
