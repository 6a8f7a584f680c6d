import { type Interval, iou, spotted } from './iou.js';

export interface Matching {
  /** For each ground-truth interval, the index of the prediction credited with it, or null. */
  truthTo: (number | null)[];
  /** Predictions with IoU ≥ 0.5 against two or more ground-truth intervals. */
  ambiguous: number;
}

/**
 * Pairs predictions with ground truth of one video and one kind, each side used at most once, as
 * many pairs as possible (augmenting paths). Where every prediction hits at most one interval this
 * gives exactly the MEGC count, TP = ground-truth intervals found (docs/datasets-more.md §6.2);
 * one prediction spanning two intervals is credited with one of them, not both.
 */
export function matchIntervals(truths: readonly Interval[], predictions: readonly Interval[]): Matching {
  // candidates per truth, best IoU first so the log shows the closest prediction where there is a choice
  const candidates = truths.map((t) =>
    predictions
      .map((p, j) => ({ j, hit: spotted(p, t), score: iou(p, t) }))
      .filter((c) => c.hit)
      .sort((a, b) => b.score - a.score || a.j - b.j)
      .map((c) => c.j),
  );
  const predTo: (number | null)[] = predictions.map(() => null);
  const augment = (t: number, visited: Set<number>): boolean => {
    for (const j of candidates[t] ?? []) {
      if (visited.has(j)) continue;
      visited.add(j);
      const holder = predTo[j];
      if (holder === null || holder === undefined || augment(holder, visited)) {
        predTo[j] = t;
        return true;
      }
    }
    return false;
  };
  for (let t = 0; t < truths.length; t++) augment(t, new Set());
  const truthTo: (number | null)[] = truths.map(() => null);
  predTo.forEach((t, j) => {
    if (t !== null) truthTo[t] = j;
  });
  const hits = predictions.map(() => 0);
  for (const list of candidates) for (const j of list) hits[j] = (hits[j] ?? 0) + 1;
  return { truthTo, ambiguous: hits.filter((h) => h >= 2).length };
}
