import { usageError } from '../issues/errors.js';
import { csvText } from '../manifest/csv-cell.js';
import type { Sample } from '../schema/sample.js';
import { eventKey, leakGroups, naturalCompare, subjectKey } from './groups.js';
import { assignGroupsToFolds } from './kfold.js';

export { naturalCompare, subjectKey } from './groups.js';

export type SplitProtocol = 'loso' | 'lodo' | 'kfold' | 'cross' | 'megc2019';
export const SPLIT_PROTOCOLS: readonly SplitProtocol[] = ['loso', 'lodo', 'kfold', 'cross', 'megc2019'];

export interface SplitOptions {
  /** kfold: number of folds. */
  k?: number | undefined;
  /** kfold: the PRNG seed (default 0). */
  seed?: number | undefined;
  /** cross: the training datasets and the test datasets. */
  train?: readonly string[] | undefined;
  test?: readonly string[] | undefined;
}

export interface Fold {
  /** 0-based fold number. */
  fold: number;
  /** What is held out: persons (LOSO, megc2019), a dataset (LODO), `fold-N` (k-fold), the test datasets (cross). */
  name: string;
  test_subjects: string[];
  test: string[];
  train: string[];
  /** LODO: samples of other datasets left out of training because they share a person or event with the test side. */
  withheld: string[];
}

export interface Splits {
  protocol: SplitProtocol;
  /** The protocol's own options (k, seed, train/test datasets); null where it has none. */
  options: { k: number | null; seed: number | null; train: string[] | null; test: string[] | null };
  seed: number | null;
  samples: number;
  subjects: number;
  folds: Fold[];
}

/**
 * Folds that never put a person or an event on both sides: samples sharing either are one leak
 * group (union-find, groups.ts), and groups are what the protocols assign.
 *  - loso / megc2019: one fold per group (in practice one person; MEGC 2019 is LOSO over the composite, docs/datasets.md §6.3);
 *  - lodo: one fold per dataset; training drops other datasets' samples that share a group with it;
 *  - kfold: grouped stratified k-fold (kfold.ts), deterministic for the seed;
 *  - cross: one fold, train on the named datasets, test on others; refused when a group spans both.
 */
export function buildSplits(
  protocol: SplitProtocol,
  samples: readonly Sample[],
  options: SplitOptions = {},
): Splits {
  const groupOf = leakGroups(samples);
  const group = (s: Sample) => groupOf.get(s.id) ?? subjectKey(s);
  let folds: Omit<Fold, 'fold' | 'test_subjects'>[];
  let recorded: Splits['options'] = { k: null, seed: null, train: null, test: null };
  if (protocol === 'loso' || protocol === 'megc2019') folds = holdOut(samples, group, group);
  else if (protocol === 'lodo') {
    const datasets = new Set(samples.map((s) => s.dataset));
    if (datasets.size < 2)
      throw usageError(
        `--protocol lodo leaves one dataset out per fold and needs at least two; the input holds only ${[...datasets].join(', ') || 'no dataset'}. Combine datasets first (me-unify combine), or use loso or kfold`,
      );
    folds = holdOut(samples, (s) => s.dataset, group);
  } else if (protocol === 'kfold') {
    const k = options.k ?? 5;
    const seed = options.seed ?? 0;
    recorded = { ...recorded, k, seed };
    folds = kfold(samples, group, k, seed);
  } else {
    const train = [...(options.train ?? [])];
    const test = [...(options.test ?? [])];
    recorded = { ...recorded, train, test };
    folds = [cross(samples, group, train, test)];
  }
  return {
    protocol,
    options: recorded,
    seed: recorded.seed,
    samples: samples.length,
    subjects: new Set(samples.map(subjectKey)).size,
    folds: folds.map((f, fold) => ({
      fold,
      ...f,
      test_subjects: subjectsOf(f.test, samples),
    })),
  };
}

/** One fold per value of `key`: its samples test, every sample outside its leak groups trains. */
function holdOut(
  samples: readonly Sample[],
  key: (s: Sample) => string,
  group: (s: Sample) => string,
): Omit<Fold, 'fold' | 'test_subjects'>[] {
  const names = [...new Set(samples.map(key))].sort(naturalCompare);
  return names.map((name) => {
    const test = samples.filter((s) => key(s) === name);
    const testGroups = new Set(test.map(group));
    const rest = samples.filter((s) => key(s) !== name);
    return {
      name,
      test: test.map((s) => s.id),
      train: rest.filter((s) => !testGroups.has(group(s))).map((s) => s.id),
      withheld: rest.filter((s) => testGroups.has(group(s))).map((s) => s.id),
    };
  });
}

function kfold(
  samples: readonly Sample[],
  group: (s: Sample) => string,
  k: number,
  seed: number,
): Omit<Fold, 'fold' | 'test_subjects'>[] {
  const byGroup = new Map<string, Sample[]>();
  for (const s of samples) byGroup.set(group(s), [...(byGroup.get(group(s)) ?? []), s]);
  if (!Number.isInteger(k) || k < 2 || k > byGroup.size)
    throw usageError(
      `--k ${k}: expected a whole number from 2 to ${byGroup.size} (the number of persons, counting people linked by a shared event as one)`,
    );
  const foldOf = assignGroupsToFolds(
    [...byGroup].map(([name, list]) => ({ name, labels: list.map((s) => s.label) })),
    k,
    seed,
  );
  return Array.from({ length: k }, (_, f) => {
    const test = samples.filter((s) => foldOf.get(group(s)) === f);
    return {
      name: `fold-${f}`,
      test: test.map((s) => s.id),
      train: samples.filter((s) => foldOf.get(group(s)) !== f).map((s) => s.id),
      withheld: [],
    };
  });
}

function cross(
  samples: readonly Sample[],
  group: (s: Sample) => string,
  train: readonly string[],
  test: readonly string[],
): Omit<Fold, 'fold' | 'test_subjects'> {
  if (train.length === 0 || test.length === 0)
    throw usageError(
      '--protocol cross needs --train <datasets> and --test <datasets>, e.g. --train casme2 --test samm,smic',
    );
  const present = new Set(samples.map((s) => s.dataset));
  const absent = [...train, ...test].filter((d) => !present.has(d));
  if (absent.length)
    throw usageError(
      `--protocol cross: no sample of ${absent.join(', ')} in the input; it holds ${[...present].sort().join(', ')}`,
    );
  const both = train.filter((d) => test.includes(d));
  if (both.length) throw usageError(`--protocol cross: ${both.join(', ')} named in both --train and --test`);
  const trainSide = samples.filter((s) => train.includes(s.dataset));
  const testSide = samples.filter((s) => test.includes(s.dataset));
  const trainGroups = new Set(trainSide.map(group));
  const shared = testSide.filter((s) => trainGroups.has(group(s)));
  if (shared.length) {
    const persons = [...new Set(shared.map(subjectKey))].sort(naturalCompare);
    const events = [...new Set(shared.map(eventKey))].filter((e) => trainSide.some((t) => eventKey(t) === e));
    throw usageError(
      `--protocol cross: ${train.join(', ')} and ${test.join(', ')} share ${persons.length} person${persons.length === 1 ? '' : 's'} (${persons.slice(0, 5).join(', ')}${persons.length > 5 ? ', …' : ''})${events.length ? ` and ${events.length} event${events.length === 1 ? '' : 's'}` : ''}: the same people would be on both sides. Choose datasets from different populations (README, Populations)`,
    );
  }
  return {
    name: test.join('+'),
    test: testSide.map((s) => s.id),
    train: trainSide.map((s) => s.id),
    withheld: [],
  };
}

function subjectsOf(ids: readonly string[], samples: readonly Sample[]): string[] {
  const set = new Set(ids);
  return [...new Set(samples.filter((s) => set.has(s.id)).map(subjectKey))].sort(naturalCompare);
}

/** Persons or events on both sides of a fold (always empty for folds built here). */
export function leakage(
  splits: Splits,
  samples: readonly Sample[],
): { fold: number; subjects: string[]; events: string[] }[] {
  const byId = new Map(samples.map((s) => [s.id, s]));
  const out: { fold: number; subjects: string[]; events: string[] }[] = [];
  for (const f of splits.folds) {
    const test = f.test.map((id) => byId.get(id)).filter((s): s is Sample => s !== undefined);
    const train = f.train.map((id) => byId.get(id)).filter((s): s is Sample => s !== undefined);
    const testSubjects = new Set(test.map(subjectKey));
    const testEvents = new Set(test.map(eventKey));
    const subjects = [...new Set(train.map(subjectKey))].filter((s) => testSubjects.has(s));
    const events = [...new Set(train.map(eventKey))].filter((e) => testEvents.has(e));
    if (subjects.length || events.length) out.push({ fold: f.fold, subjects, events });
  }
  return out;
}

/** One row per tested sample: the fold in which it is the test side. */
export function splitsCsv(splits: Splits, samples: readonly Sample[]): string {
  const byId = new Map(samples.map((s) => [s.id, s]));
  const lines = ['id,dataset,subject,event,kind,label,fold,fold_name'];
  for (const f of splits.folds)
    for (const id of f.test) {
      const s = byId.get(id);
      if (!s) continue;
      lines.push(
        [s.id, s.dataset, subjectKey(s), eventKey(s), s.kind, s.label ?? '', String(f.fold), f.name]
          .map(csvField)
          .join(','),
      );
    }
  return `${lines.join('\n')}\n`;
}

/** A text cell, quoted and neutralised as in every CSV me-unify writes (csv-cell.ts). */
export const csvField = csvText;
