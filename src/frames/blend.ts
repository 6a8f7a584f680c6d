import type { RawFrame } from './render.js';
import type { TemporalPlan } from './temporal.js';

/**
 * Output frames that blend several source frames (linear, TIM), accumulated as the source frames
 * come, in order: each output keeps a float sum only until its last source frame is added, so
 * memory is the open outputs (all of them for TIM, two for linear), not the clip. Plain data and
 * no sharp: the main thread and the frame workers (fast-jpeg.ts) run the same arithmetic, so they
 * write the same bytes.
 */
export class Blend {
  /** The source frames with a weight, ascending: the only ones read. */
  readonly needed: number[];
  private readonly contributions = new Map<number, { out: number; weight: number }[]>();
  private readonly lastSource: number[];
  private readonly sums = new Map<number, Float32Array>();
  /** The first frame's size: every other must match it. */
  format: RawFrame | null = null;

  constructor(plan: TemporalPlan) {
    this.lastSource = plan.weights.map((w) => Math.max(...w.map((x) => x.index)));
    for (const [out, ws] of plan.weights.entries())
      for (const { index, weight } of ws) {
        const list = this.contributions.get(index) ?? [];
        list.push({ out, weight });
        this.contributions.set(index, list);
      }
    this.needed = [...this.contributions.keys()].sort((a, b) => a - b);
  }

  /** Whether `frame` has the first frame's size (the first frame always does). */
  fits(frame: RawFrame): boolean {
    const f = this.format;
    return !f || (frame.width === f.width && frame.height === f.height && frame.channels === f.channels);
  }

  /**
   * Adds source frame `i` (read now, not kept) and gives the outputs it completes, as 8-bit
   * frames of the first frame's size.
   */
  add(i: number, frame: RawFrame): { out: number; frame: RawFrame }[] {
    this.format ??= { ...frame, data: Buffer.alloc(0) };
    const px = frame.data;
    for (const { out, weight } of this.contributions.get(i) ?? []) {
      let sum = this.sums.get(out);
      if (!sum) {
        sum = new Float32Array(px.length);
        this.sums.set(out, sum);
      }
      for (let p = 0; p < px.length; p++) sum[p]! += weight * px[p]!;
    }
    const done: { out: number; frame: RawFrame }[] = [];
    for (const [out, sum] of this.sums) {
      if (this.lastSource[out] !== i) continue;
      this.sums.delete(out);
      const data = Buffer.alloc(sum.length);
      for (let p = 0; p < sum.length; p++) data[p] = Math.min(255, Math.max(0, Math.round(sum[p]!)));
      done.push({ out, frame: { ...this.format, data } });
    }
    return done;
  }
}
