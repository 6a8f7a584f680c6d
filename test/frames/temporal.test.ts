import { describe, expect, it } from 'vitest';
import { planTemporal, remapIndex } from '../../src/frames/temporal.js';
import { timWeights } from '../../src/frames/tim.js';

/** Applies per-output weights to a sequence of scalar "frames". */
function apply(weights: { index: number; weight: number }[][], seq: readonly number[]): number[] {
  return weights.map((w) => w.reduce((s, { index, weight }) => s + weight * (seq[index] as number), 0));
}

describe('TIM', () => {
  it('reproduces the input at the original length within rounding', () => {
    for (const n of [2, 3, 7, 16, 41]) {
      const positions = Array.from({ length: n }, (_, i) => i);
      const w = timWeights(n, positions);
      // a rough, non-smooth sequence of 8-bit pixel values
      const seq = Array.from({ length: n }, (_, i) => (i * 97 + 13) % 256);
      const out = w.map((row) => row.reduce((s, x, i) => s + x * (seq[i] as number), 0));
      for (const [i, v] of out.entries()) expect(Math.abs(v - (seq[i] as number))).toBeLessThan(1e-6);
      expect(out.map(Math.round)).toEqual(seq);
    }
  });

  it('keeps a constant sequence constant and preserves the end frames at any length', () => {
    const n = 9;
    for (const m of [4, 10, 16, 30]) {
      const plan = planTemporal(n, 200, { length: m, resample: 'tim' });
      expect(plan.positions).toHaveLength(m);
      expect(apply(plan.weights, new Array(n).fill(77)).every((v) => Math.abs(v - 77) < 1e-6)).toBe(true);
      const seq = Array.from({ length: n }, (_, i) => i * i);
      const out = apply(plan.weights, seq);
      expect(out[0]).toBeCloseTo(seq[0] as number, 6);
      expect(out[m - 1]).toBeCloseTo(seq[n - 1] as number, 6);
    }
  });

  it('is a smooth curve: a linear ramp stays monotonic when upsampled', () => {
    const n = 12;
    const plan = planTemporal(n, 100, { length: 40, resample: 'tim' });
    const out = apply(
      plan.weights,
      Array.from({ length: n }, (_, i) => i * 10),
    );
    for (let j = 1; j < out.length; j++)
      expect(out[j] as number).toBeGreaterThan((out[j - 1] as number) - 1.5);
  });

  it('matches the closed-form embedding above the eigen-decomposition limit', () => {
    const w = timWeights(450, [0, 100.5, 449]);
    expect(w[0]?.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(w[0]?.[0]).toBeCloseTo(1, 6);
    expect(w[2]?.[449]).toBeCloseTo(1, 6);
  });
});

describe('nearest and linear', () => {
  const seq = [0, 10, 20, 30, 40];

  it('--length spreads m frames evenly from the first to the last source frame', () => {
    expect(planTemporal(5, 100, { length: 9, resample: 'linear' }).positions).toEqual([
      0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4,
    ]);
    expect(apply(planTemporal(5, 100, { length: 9, resample: 'linear' }).weights, seq)).toEqual([
      0, 5, 10, 15, 20, 25, 30, 35, 40,
    ]);
  });

  it('nearest takes the closest frame, halves rounding up', () => {
    const plan = planTemporal(5, 100, { length: 9, resample: 'nearest' });
    expect(plan.weights.map((w) => w.map((x) => x.index))).toEqual([
      [0],
      [1],
      [1],
      [2],
      [2],
      [3],
      [3],
      [4],
      [4],
    ]);
    expect(apply(planTemporal(5, 100, { length: 3, resample: 'nearest' }).weights, seq)).toEqual([0, 20, 40]);
  });

  it('--fps keeps the duration: 200 fps to 100 fps takes every other frame', () => {
    const plan = planTemporal(7, 200, { fps: 100, resample: 'nearest' });
    expect(plan.positions).toEqual([0, 2, 4, 6]);
    expect(plan.fps).toBe(100);
    const up = planTemporal(3, 100, { fps: 200, resample: 'linear' });
    expect(up.positions).toEqual([0, 0.5, 1, 1.5, 2]);
    expect(apply(up.weights, [0, 10, 20])).toEqual([0, 5, 10, 15, 20]);
  });

  it('--length rescales the frame rate to keep the duration', () => {
    expect(planTemporal(11, 200, { length: 6, resample: 'linear' }).fps).toBe(100);
  });

  it('without --fps/--length every frame is kept as it is', () => {
    const plan = planTemporal(4, 30, { resample: 'tim' });
    expect(plan.method).toBe('none');
    expect(plan.weights).toEqual([0, 1, 2, 3].map((i) => [{ index: i, weight: 1 }]));
  });

  it('remaps key indices to the closest output frame', () => {
    const positions = planTemporal(21, 100, { length: 5, resample: 'linear' }).positions; // 0,5,10,15,20
    expect([0, 7, 8, 12, 20].map((i) => remapIndex(positions, i))).toEqual([0, 1, 2, 2, 4]);
  });
});
