import { describe, expect, it } from 'vitest';
import { buildSplits, leakage, splitsCsv } from '../../src/protocols/splits.js';
import { makeSample } from '../helpers/samples.js';
import { memberSamples } from './composite-samples.js';

function expectLeakFree(protocol: 'loso' | 'lodo' | 'megc2019', samples = memberSamples()) {
  const splits = buildSplits(protocol, samples);
  expect(leakage(splits, samples)).toEqual([]);
  const subjectOf = new Map(samples.map((s) => [s.id, s.subject]));
  const tested = new Map<string, number>();
  for (const f of splits.folds) {
    // independent check: the subjects of the two sides never meet, and both sides cover every sample
    const test = new Set(f.test.map((id) => subjectOf.get(id)));
    for (const id of f.train) expect(test.has(subjectOf.get(id))).toBe(false);
    expect(f.test.length + f.train.length).toBe(samples.length);
    for (const id of f.test) tested.set(id, (tested.get(id) ?? 0) + 1);
  }
  expect([...tested.values()].every((n) => n === 1)).toBe(true);
  expect(tested.size).toBe(samples.length);
  return splits;
}

describe('splits', () => {
  it('megc2019: LOSO over the composite gives 68 folds without subject leakage', () => {
    const splits = expectLeakFree('megc2019');
    expect(splits.folds).toHaveLength(68);
    expect(splits.subjects).toBe(68);
    expect(splits.folds.map((f) => f.test_subjects.length)).toEqual(new Array(68).fill(1));
  });

  it('LODO: one fold per dataset', () => {
    const splits = expectLeakFree('lodo');
    expect(splits.folds.map((f) => [f.name, f.test.length])).toEqual([
      ['casme2', 145],
      ['samm', 133],
      ['smic', 164],
    ]);
  });

  it('LOSO keeps two datasets’ same-named subjects apart, even in hand-made manifests without namespaces', () => {
    const samples = [
      makeSample('casme2', 'sub01', 'a'),
      makeSample('casme2', 'sub01', 'b'),
      makeSample('mmew', 'sub01', 'a', { subject: 'sub01' }),
      makeSample('casme2', 'sub02', 'a'),
    ];
    const splits = expectLeakFree('loso', samples);
    expect(splits.folds.map((f) => f.name)).toEqual(['casme2/sub01', 'casme2/sub02', 'mmew/sub01']);
    expect(splits.folds[0]?.test).toEqual(['casme2/sub01/a', 'casme2/sub01/b']);
  });

  it('writes one CSV row per sample with the fold where it is tested', () => {
    const samples = memberSamples();
    const csv = splitsCsv(buildSplits('megc2019', samples), samples).trim().split('\n');
    expect(csv[0]).toBe('id,dataset,subject,event,kind,label,fold,fold_name');
    expect(csv).toHaveLength(443);
    const smic = csv.find((l) => l.startsWith('smic/s1/s1_ne_01,'));
    expect(smic).toMatch(/^smic\/s1\/s1_ne_01,smic,smic\/s1,smic\/s1\/s1_ne_01,micro,negative,\d+,smic\/s1$/);
  });
});

describe('splits: persons and events', () => {
  const s = (dataset: string, person: string, clip: string, label: string | null, event?: string) =>
    makeSample(dataset, person, clip, {
      subject: `pop/${person}`,
      label,
      event: event ?? `${dataset}/${person}/${clip}`,
    });

  it('joins samples sharing an event even across persons (union-find), so LOSO keeps them together', () => {
    const samples = [
      s('a', 'p1', 'x', 'happiness', 'ev1'),
      s('b', 'p2', 'y', 'happiness', 'ev1'),
      s('a', 'p3', 'z', 'surprise'),
    ];
    const splits = buildSplits('loso', samples);
    expect(splits.folds.map((f) => [f.name, f.test])).toEqual([
      ['pop/p1+pop/p2', ['a/p1/x', 'b/p2/y']],
      ['pop/p3', ['a/p3/z']],
    ]);
    expect(leakage(splits, samples)).toEqual([]);
  });

  it('leakage() reports a person or an event on both sides (the guard writeSplits relies on)', () => {
    const samples = [s('a', 'p1', 'x', 'h', 'ev1'), s('b', 'p2', 'y', 'h', 'ev1')];
    const leaky = {
      ...buildSplits('loso', samples),
      folds: [{ fold: 0, name: 'bad', test_subjects: [], test: ['a/p1/x'], train: ['b/p2/y'], withheld: [] }],
    };
    expect(leakage(leaky, samples)).toEqual([{ fold: 0, subjects: [], events: ['ev1'] }]);
  });

  it('kfold: every person in one fold, classes spread as grouping allows, same seed same folds', () => {
    const samples = Array.from({ length: 40 }, (_, i) =>
      s('a', `p${i % 20}`, `c${i}`, ['neg', 'pos', 'sur', 'neg'][i % 4] as string),
    );
    const a = buildSplits('kfold', samples, { k: 4, seed: 3 });
    expect(leakage(a, samples)).toEqual([]);
    expect(a.options).toEqual({ k: 4, seed: 3, train: null, test: null });
    expect(buildSplits('kfold', samples, { k: 4, seed: 3 }).folds).toEqual(a.folds);
    const byId = new Map(samples.map((x) => [x.id, x]));
    for (const f of a.folds) {
      expect(f.test.length).toBe(10);
      const labels = new Set(f.test.map((id) => byId.get(id)?.label));
      expect(labels).toEqual(new Set(['neg', 'pos', 'sur']));
    }
    expect(() => buildSplits('kfold', samples, { k: 21 })).toThrow(
      /--k 21: expected a whole number from 2 to 20/,
    );
  });

  it('cross refuses a person on both sides; LODO needs two datasets', () => {
    const samples = [s('a', 'p1', 'x', 'h'), s('b', 'p1', 'y', 'h'), s('b', 'p2', 'z', 'h')];
    expect(() => buildSplits('cross', samples, { train: ['a'], test: ['b'] })).toThrow(
      /share 1 person \(pop\/p1\)/,
    );
    expect(() => buildSplits('lodo', samples.slice(0, 1))).toThrow(
      /needs at least two; the input holds only a/,
    );
    const lodo = buildSplits('lodo', samples);
    expect(lodo.folds.map((f) => [f.name, f.train, f.withheld])).toEqual([
      ['a', ['b/p2/z'], ['b/p1/y']],
      ['b', [], ['a/p1/x']],
    ]);
  });
});
