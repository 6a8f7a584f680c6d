import { mulberry32, shuffled } from './prng.js';

export interface LabelledGroup {
  name: string;
  /** The class of each of the group's samples (`null` for an unlabelled one). */
  labels: readonly (string | null)[];
}

/**
 * Grouped, stratified k-fold: each group goes whole to one fold, and folds get class proportions
 * as close to the whole's as grouping allows. Deterministic for a seed:
 *  1. groups in natural name order, shuffled by mulberry32(seed) (Fisher–Yates);
 *  2. stably sorted by size, largest first (big groups constrain the balance most);
 *  3. each group to the fold minimising Σ_classes Σ_folds (share of the class in the fold − 1/k)²
 *     + Σ_folds (share of all samples in the fold − 1/k)²; ties to the smaller fold, then the lower index.
 * Returns the fold (0..k-1) of each group, by name.
 */
export function assignGroupsToFolds(
  groups: readonly LabelledGroup[],
  k: number,
  seed: number,
): Map<string, number> {
  const order = shuffled(
    [...groups].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })),
    mulberry32(seed),
  ).sort((a, b) => b.labels.length - a.labels.length);
  const classes = [...new Set(groups.flatMap((g) => g.labels.map(classKey)))].sort();
  const total = new Map(classes.map((c) => [c, 0]));
  for (const g of groups) for (const l of g.labels) total.set(classKey(l), (total.get(classKey(l)) ?? 0) + 1);
  const all = groups.reduce((n, g) => n + g.labels.length, 0);
  const counts = Array.from({ length: k }, () => new Map<string, number>(classes.map((c) => [c, 0])));
  const sizes = new Array<number>(k).fill(0);
  const fold = new Map<string, number>();
  for (const g of order) {
    const add = new Map<string, number>();
    for (const l of g.labels) add.set(classKey(l), (add.get(classKey(l)) ?? 0) + 1);
    let best = 0;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let f = 0; f < k; f++) {
      let cost = 0;
      for (let h = 0; h < k; h++) {
        const extra = h === f;
        for (const c of classes) {
          const n = (counts[h]?.get(c) ?? 0) + (extra ? (add.get(c) ?? 0) : 0);
          cost += (n / (total.get(c) ?? 1) - 1 / k) ** 2;
        }
        cost += (((sizes[h] ?? 0) + (extra ? g.labels.length : 0)) / all - 1 / k) ** 2;
      }
      const better =
        cost < bestCost - 1e-12 ||
        (Math.abs(cost - bestCost) <= 1e-12 && (sizes[f] ?? 0) < (sizes[best] ?? 0));
      if (better) {
        best = f;
        bestCost = cost;
      }
    }
    fold.set(g.name, best);
    sizes[best] = (sizes[best] ?? 0) + g.labels.length;
    for (const [c, n] of add) counts[best]?.set(c, (counts[best]?.get(c) ?? 0) + n);
  }
  return fold;
}

function classKey(label: string | null): string {
  return label ?? '\u0000unlabelled';
}
