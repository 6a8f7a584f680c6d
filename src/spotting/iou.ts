/** A frame interval; both ends included. */
export interface Interval {
  onset: number;
  offset: number;
}

/**
 * Intersection and union in frames, both ends counted (docs/datasets-more.md §6.2): a one-frame
 * interval (onset = offset) has length 1, and disjoint intervals share 0 frames. (The MEGC 2020
 * baseline's `calc_iou` gives disjoint intervals 1 shared frame and one-frame intervals IoU 0; we
 * follow the rule as stated, not those slips.)
 */
export function overlap(a: Interval, b: Interval): { inter: number; union: number } {
  const inter = Math.max(0, Math.min(a.offset, b.offset) - Math.max(a.onset, b.onset) + 1);
  const union = a.offset - a.onset + 1 + (b.offset - b.onset + 1) - inter;
  return { inter, union };
}

export function iou(a: Interval, b: Interval): number {
  const { inter, union } = overlap(a, b);
  return inter / union;
}

/** IoU ≥ 0.5, decided in whole numbers so that exactly one half counts. */
export function spotted(prediction: Interval, truth: Interval): boolean {
  const { inter, union } = overlap(prediction, truth);
  return 2 * inter >= union;
}
