import type { Resample } from './spec.js';
import { timWeights } from './tim.js';

/** How a clip's n source frames become its output frames. */
export interface TemporalPlan {
  method: 'none' | Resample;
  fps: number;
  /** Fractional source index each output frame is taken from (the original→new mapping). */
  positions: number[];
  /** Per output frame, the source frames it blends and their weights (one entry when copied). */
  weights: { index: number; weight: number }[][];
}

/**
 * `--length m`: m frames spread evenly from the first to the last source frame (both kept).
 * `--fps F`: frames every fps/F source frames from the first, as many as fit in the clip (its
 * duration is kept, never stretched). Neither: every frame as it is.
 *   nearest — the closest source frame (halves round up);
 *   linear  — the two neighbouring frames, weighted by distance;
 *   tim     — the Temporal Interpolation Model over the whole clip (tim.ts).
 */
export function planTemporal(
  n: number,
  fps: number,
  target: { fps?: number | undefined; length?: number | undefined; resample: Resample },
): TemporalPlan {
  if (target.fps === undefined && target.length === undefined) {
    const positions = Array.from({ length: n }, (_, i) => i);
    return { method: 'none', fps, positions, weights: positions.map((i) => [{ index: i, weight: 1 }]) };
  }
  let positions: number[];
  let outFps: number;
  if (target.length !== undefined) {
    const m = target.length;
    positions = Array.from({ length: m }, (_, j) => (m === 1 || n === 1 ? 0 : (j * (n - 1)) / (m - 1)));
    // the clip keeps its duration, so its frame rate scales with the frame count
    outFps = n > 1 && m > 1 ? (fps * (m - 1)) / (n - 1) : fps;
  } else {
    const step = fps / (target.fps as number);
    const m = n === 0 ? 0 : Math.floor((n - 1) / step + 1e-9) + 1;
    positions = Array.from({ length: m }, (_, j) => Math.min(n - 1, j * step));
    outFps = target.fps as number;
  }
  positions = positions.map((p) => Math.round(p * 1e6) / 1e6);
  const method = target.resample;
  let weights: { index: number; weight: number }[][];
  if (method === 'nearest') weights = positions.map((p) => [{ index: Math.floor(p + 0.5), weight: 1 }]);
  else if (method === 'linear')
    weights = positions.map((p) => {
      const a = Math.floor(p);
      const t = p - a;
      return t < 1e-9
        ? [{ index: a, weight: 1 }]
        : [
            { index: a, weight: 1 - t },
            { index: a + 1, weight: t },
          ];
    });
  else
    weights = timWeights(n, positions).map((row) =>
      row.map((weight, index) => ({ index, weight })).filter((w) => Math.abs(w.weight) > 1e-12),
    );
  return { method, fps: outFps, positions, weights };
}

/** The output frame closest in time to source index `i` (the earlier one on a tie). */
export function remapIndex(positions: readonly number[], i: number): number {
  let best = 0;
  for (let j = 1; j < positions.length; j++)
    if (Math.abs(positions[j]! - i) < Math.abs(positions[best]! - i) - 1e-9) best = j;
  return best;
}
