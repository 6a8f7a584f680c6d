import type { SpotInterval, SpotKind } from './ground-truth.js';
import { matchIntervals } from './match.js';
import type { Prediction } from './predictions.js';

/** One line of the log: a ground-truth interval found (TP), missed (FN), or a prediction credited with none (FP). */
export interface Pairing {
  dataset: string;
  video: string;
  kind: SpotKind;
  truth: { onset: number; offset: number; sample: string } | null;
  prediction: { onset: number; offset: number; line: number } | null;
  result: 'TP' | 'FP' | 'FN';
}

export interface Counts {
  truths: number;
  predictions: number;
  tp: number;
  fp: number;
  fn: number;
  /** TP/(TP+FP); null without predictions. */
  precision: number | null;
  /** TP/(TP+FN); null without ground truth. */
  recall: number | null;
  /** 2PR/(P+R); 0 when nothing was found, null when there is neither truth nor prediction. */
  f1: number | null;
}

export interface DatasetScore {
  dataset: string;
  micro: Counts;
  macro: Counts;
  /** From the pooled micro + macro counts, not the mean of the two F1s (docs/datasets-more.md §6.2). */
  overall: Counts;
  /** Predictions with IoU ≥ 0.5 against two or more intervals: credited once (see matchIntervals). */
  ambiguous_predictions: number;
}

export interface SpotScore {
  datasets: DatasetScore[];
  pairings: Pairing[];
}

/** Scores predictions against the ground truth with the MEGC rule, per dataset (docs/datasets-more.md §6.2). */
export function scoreSpots(truths: readonly SpotInterval[], predictions: readonly Prediction[]): SpotScore {
  const groups = new Map<string, { truths: SpotInterval[]; predictions: Prediction[] }>();
  const group = (dataset: string, video: string, kind: SpotKind) => {
    const key = JSON.stringify([dataset, video, kind]);
    let g = groups.get(key);
    if (!g) {
      g = { truths: [], predictions: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const t of truths) group(t.dataset, t.video, t.kind).truths.push(t);
  for (const p of predictions) group(p.dataset, p.video, p.kind).predictions.push(p);
  const pairings: Pairing[] = [];
  const ambiguous = new Map<string, number>();
  for (const [key, g] of groups) {
    const [dataset, video, kind] = JSON.parse(key) as [string, string, SpotKind];
    const m = matchIntervals(g.truths, g.predictions);
    ambiguous.set(dataset, (ambiguous.get(dataset) ?? 0) + m.ambiguous);
    const credited = new Set<number>();
    const line = (t: SpotInterval | null, p: Prediction | null, result: Pairing['result']): Pairing => ({
      dataset,
      video,
      kind,
      truth: t && { onset: t.onset, offset: t.offset, sample: t.sample },
      prediction: p && { onset: p.onset, offset: p.offset, line: p.line },
      result,
    });
    g.truths.forEach((t, i) => {
      const j = m.truthTo[i] ?? null;
      if (j !== null) credited.add(j);
      pairings.push(line(t, j === null ? null : (g.predictions[j] ?? null), j === null ? 'FN' : 'TP'));
    });
    g.predictions.forEach((p, j) => {
      if (!credited.has(j)) pairings.push(line(null, p, 'FP'));
    });
  }
  pairings.sort(
    (a, b) =>
      a.dataset.localeCompare(b.dataset) ||
      a.video.localeCompare(b.video, 'en', { numeric: true }) ||
      start(a) - start(b),
  );
  const datasets = [
    ...new Set([...truths.map((t) => t.dataset), ...predictions.map((p) => p.dataset)]),
  ].sort();
  return {
    datasets: datasets.map((dataset) => {
      const mine = pairings.filter((p) => p.dataset === dataset);
      const of = (kinds: SpotKind[]) => counts(mine.filter((p) => kinds.includes(p.kind)));
      return {
        dataset,
        micro: of(['micro']),
        macro: of(['macro']),
        overall: of(['micro', 'macro']),
        ambiguous_predictions: ambiguous.get(dataset) ?? 0,
      };
    }),
    pairings,
  };
}

const start = (p: Pairing) => Math.min(p.truth?.onset ?? Infinity, p.prediction?.onset ?? Infinity);

export function counts(pairings: readonly Pairing[]): Counts {
  const n = (r: Pairing['result']) => pairings.filter((p) => p.result === r).length;
  const tp = n('TP');
  const fp = n('FP');
  const fn = n('FN');
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  const f1 =
    tp + fp + fn === 0 ? null : precision && recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { truths: tp + fn, predictions: tp + fp, tp, fp, fn, precision, recall, f1 };
}
