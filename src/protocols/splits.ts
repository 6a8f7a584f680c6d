import { csvText } from '../manifest/csv-cell.js';
import type { Sample } from '../schema/sample.js';

export type SplitProtocol = 'loso' | 'lodo' | 'megc2019';
export const SPLIT_PROTOCOLS: readonly SplitProtocol[] = ['loso', 'lodo', 'megc2019'];

export interface Fold {
  /** 0-based fold number. */
  fold: number;
  /** What is held out: a subject (LOSO, megc2019) or a dataset (LODO). */
  name: string;
  test_subjects: string[];
  test: string[];
  train: string[];
}

export interface Splits {
  protocol: SplitProtocol;
  samples: number;
  subjects: number;
  folds: Fold[];
}

/**
 * Leave-one-group-out folds: each group is the test side of exactly one fold and every other
 * sample trains. Groups are subjects (LOSO, and megc2019 = LOSO over the composite's subjects,
 * datasets.md §6.3) or datasets (LODO). Subjects are namespaced by dataset, so two datasets'
 * `sub01` are different people and different folds.
 */
export function buildSplits(protocol: SplitProtocol, samples: readonly Sample[]): Splits {
  const groupOf = protocol === 'lodo' ? (s: Sample) => s.dataset : (s: Sample) => subjectKey(s);
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const g = groupOf(s);
    const list = groups.get(g);
    if (list) list.push(s);
    else groups.set(g, [s]);
  }
  const names = [...groups.keys()].sort(naturalCompare);
  const folds = names.map((name, fold) => {
    const test = groups.get(name) ?? [];
    const testIds = new Set(test.map((s) => s.id));
    return {
      fold,
      name,
      test_subjects: [...new Set(test.map(subjectKey))].sort(naturalCompare),
      test: test.map((s) => s.id),
      train: samples.filter((s) => !testIds.has(s.id)).map((s) => s.id),
    };
  });
  return {
    protocol,
    samples: samples.length,
    subjects: new Set(samples.map(subjectKey)).size,
    folds,
  };
}

/** The subject with its dataset, even when a hand-made manifest left the namespace out. */
export function subjectKey(s: Pick<Sample, 'dataset' | 'subject'>): string {
  return s.subject.startsWith(`${s.dataset}/`) ? s.subject : `${s.dataset}/${s.subject}`;
}

/** Subjects that appear on both sides of a fold (always empty for folds built here). */
export function leakage(splits: Splits, samples: readonly Sample[]): { fold: number; subjects: string[] }[] {
  const subjectOf = new Map(samples.map((s) => [s.id, subjectKey(s)]));
  const out: { fold: number; subjects: string[] }[] = [];
  for (const f of splits.folds) {
    const test = new Set(f.test.map((id) => subjectOf.get(id)));
    const shared = [...new Set(f.train.map((id) => subjectOf.get(id)))].filter(
      (s): s is string => s !== undefined && test.has(s),
    );
    if (shared.length) out.push({ fold: f.fold, subjects: shared });
  }
  return out;
}

/** One row per sample: the fold in which it is the test side (every sample is tested exactly once). */
export function splitsCsv(splits: Splits, samples: readonly Sample[]): string {
  const byId = new Map(samples.map((s) => [s.id, s]));
  const lines = ['id,dataset,subject,label,fold,fold_name'];
  for (const f of splits.folds)
    for (const id of f.test) {
      const s = byId.get(id);
      if (!s) continue;
      lines.push(
        [
          ...[s.id, s.dataset, subjectKey(s), s.label ?? ''].map(csvField),
          String(f.fold),
          csvField(f.name),
        ].join(','),
      );
    }
  return `${lines.join('\n')}\n`;
}

/** A text cell, quoted and neutralised as in every CSV me-unify writes (csv-cell.ts). */
export const csvField = csvText;

/** `sub2` before `sub10`; `s1` before `s11`. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
