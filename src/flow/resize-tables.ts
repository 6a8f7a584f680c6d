import { f32, roundHalfEven } from './round.js';

/** One axis of `cv::resize`: for every output index, the source taps and their float32 weights. */
export interface AxisTable {
  readonly taps: number; // taps per output index
  readonly index: Int32Array; // source index per (output, tap), already clamped to the image
  readonly weight: Float32Array; // weight per (output, tap), as OpenCV computes it in float
}

/** Keys cubic, A = -0.75, in float32 as OpenCV's `interpolateCubic` (imgproc resize.cpp / imgwarp.cpp). */
export function cubicCoeffs(x: number): [number, number, number, number] {
  const A = -0.75;
  const x1 = f32(x + 1);
  const c0 = f32(f32(f32(f32(f32(f32(A * x1) - f32(5 * A)) * x1) + f32(8 * A)) * x1) - f32(4 * A));
  const c1 = f32(f32(f32(f32(f32(f32(A + 2) * x) - f32(A + 3)) * x) * x) + 1);
  const ox = f32(1 - x);
  const c2 = f32(f32(f32(f32(f32(f32(A + 2) * ox) - f32(A + 3)) * ox) * ox) + 1);
  const c3 = f32(f32(f32(1 - c0) - c1) - c2);
  return [c0, c1, c2, c3];
}

/**
 * Linear (and INTER_AREA upscaling) taps. `scale` = source/destination as OpenCV's hal::resize
 * computes it (1/inv_scale). Along x, positions left of 0 or right of the last pixel snap to the
 * edge with weight (1, 0); along y (`clampWeights` false) the rows are clamped but the weights are
 * kept, exactly like resizeGeneric_Invoker.
 */
export function linearTable(
  src: number,
  dst: number,
  scale: number,
  invScale: number,
  mode: 'linear' | 'area-up',
  clampWeights: boolean,
): AxisTable {
  const index = new Int32Array(dst * 2);
  const weight = new Float32Array(dst * 2);
  for (let d = 0; d < dst; d++) {
    let s: number;
    let f: number;
    if (mode === 'linear') {
      f = f32((d + 0.5) * scale - 0.5);
      s = Math.floor(f);
      f = f32(f - s);
    } else {
      s = Math.floor(d * scale);
      f = f32(d + 1 - (s + 1) * invScale);
      f = f <= 0 ? 0 : f32(f - Math.floor(f));
    }
    if (clampWeights) {
      if (s < 0) {
        f = 0;
        s = 0;
      }
      if (s >= src - 1) {
        f = 0;
        s = src - 1;
      }
    }
    index[d * 2] = clamp(s, src);
    index[d * 2 + 1] = clamp(s + 1, src);
    weight[d * 2] = f32(1 - f);
    weight[d * 2 + 1] = f;
  }
  return { taps: 2, index, weight };
}

export function cubicTable(src: number, dst: number, scale: number): AxisTable {
  const index = new Int32Array(dst * 4);
  const weight = new Float32Array(dst * 4);
  for (let d = 0; d < dst; d++) {
    let f = f32((d + 0.5) * scale - 0.5);
    const s = Math.floor(f);
    f = f32(f - s);
    const c = cubicCoeffs(f);
    for (let k = 0; k < 4; k++) {
      index[d * 4 + k] = clamp(s - 1 + k, src);
      weight[d * 4 + k] = c[k] as number;
    }
  }
  return { taps: 4, index, weight };
}

/** `computeResizeAreaTab`: a variable number of (dst, src, alpha) triples, sorted by dst. */
export interface AreaTable {
  readonly dst: Int32Array;
  readonly src: Int32Array;
  readonly alpha: Float32Array;
}

export function areaTable(ssize: number, dsize: number, scale: number): AreaTable {
  const dst: number[] = [];
  const src: number[] = [];
  const alpha: number[] = [];
  for (let dx = 0; dx < dsize; dx++) {
    const fsx1 = dx * scale;
    const fsx2 = fsx1 + scale;
    const cellWidth = Math.min(scale, ssize - fsx1);
    let sx1 = Math.ceil(fsx1);
    const sx2 = Math.min(Math.floor(fsx2), ssize - 1);
    sx1 = Math.min(sx1, sx2);
    if (sx1 - fsx1 > 1e-3) {
      dst.push(dx);
      src.push(sx1 - 1);
      alpha.push(f32((sx1 - fsx1) / cellWidth));
    }
    for (let sx = sx1; sx < sx2; sx++) {
      dst.push(dx);
      src.push(sx);
      alpha.push(f32(1 / cellWidth));
    }
    if (fsx2 - sx2 > 1e-3) {
      dst.push(dx);
      src.push(sx2);
      alpha.push(f32(Math.min(Math.min(fsx2 - sx2, 1), cellWidth) / cellWidth));
    }
  }
  return { dst: Int32Array.from(dst), src: Int32Array.from(src), alpha: Float32Array.from(alpha) };
}

/** Weights as OpenCV's 8-bit path stores them: `saturate_cast<short>(w · 2048)`. */
export function fixedWeights(t: AxisTable): Int32Array {
  return Int32Array.from(t.weight, (w) => roundHalfEven(w * 2048));
}

function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}
