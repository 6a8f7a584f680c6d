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
    expect(csv[0]).toBe('id,dataset,subject,label,fold,fold_name');
    expect(csv).toHaveLength(443);
    const smic = csv.find((l) => l.startsWith('smic/s1/s1_ne_01,'));
    expect(smic).toMatch(/^smic\/s1\/s1_ne_01,smic,smic\/s1,negative,\d+,smic\/s1$/);
  });
});
