// Farnebäck's per-iteration steps (OpenCV optflowgf.cpp FarnebackUpdateMatrices,
// FarnebackUpdateFlow_Blur, FarnebackUpdateFlow_GaussianBlur; docs/optical-flow.md §8), ported
// operation by operation in OpenCV's float/double arithmetic. Flow: interleaved (u, v) per pixel;
// R0, R1, M: 5 floats per pixel.
import { f32 } from './round.js';

const BORDER = [0.14, 0.14, 0.4472, 0.4472, 0.4472].map(f32);

/** Rows y0…y1−1 of M from the expansions R0, R1 and the current flow. */
export function updateMatrices(
  R0: Float32Array,
  R1: Float32Array,
  flow: Float32Array,
  M: Float32Array,
  width: number,
  height: number,
  y0: number,
  y1: number,
): void {
  const step = width * 5;
  for (let y = y0; y < y1; y++)
    for (let x = 0; x < width; x++) {
      const dx = flow[(y * width + x) * 2] as number;
      const dy = flow[(y * width + x) * 2 + 1] as number;
      let fx = f32(x + dx);
      let fy = f32(y + dy);
      const x1 = Math.floor(fx);
      const y1_ = Math.floor(fy);
      const r0 = (y * width + x) * 5;
      let r2: number;
      let r3: number;
      let r4: number;
      let r5: number;
      let r6: number;
      fx = f32(fx - x1);
      fy = f32(fy - y1_);
      if (x1 >= 0 && x1 < width - 1 && y1_ >= 0 && y1_ < height - 1) {
        const a00 = f32(f32(1 - fx) * f32(1 - fy));
        const a01 = f32(fx * f32(1 - fy));
        const a10 = f32(f32(1 - fx) * fy);
        const a11 = f32(fx * fy);
        const p = y1_ * step + x1 * 5;
        const bil = (c: number) =>
          f32(
            f32(
              f32(f32(a00 * (R1[p + c] as number)) + f32(a01 * (R1[p + 5 + c] as number))) +
                f32(a10 * (R1[p + step + c] as number)),
            ) + f32(a11 * (R1[p + step + 5 + c] as number)),
          );
        r2 = bil(0);
        r3 = bil(1);
        r4 = f32(f32((R0[r0 + 2] as number) + bil(2)) * 0.5);
        r5 = f32(f32((R0[r0 + 3] as number) + bil(3)) * 0.5);
        r6 = f32(f32((R0[r0 + 4] as number) + bil(4)) * 0.25);
      } else {
        r2 = 0;
        r3 = 0;
        r4 = R0[r0 + 2] as number;
        r5 = R0[r0 + 3] as number;
        r6 = f32((R0[r0 + 4] as number) * 0.5);
      }
      r2 = f32(f32((R0[r0] as number) - r2) * 0.5);
      r3 = f32(f32((R0[r0 + 1] as number) - r3) * 0.5);
      r2 = f32(f32(r2 + f32(r4 * dy)) + f32(r6 * dx));
      r3 = f32(f32(r3 + f32(r6 * dy)) + f32(r5 * dx));
      if (x < 5 || x >= width - 5 || y < 5 || y >= height - 5) {
        const scale = f32(
          f32(
            f32(
              (x < 5 ? (BORDER[x] as number) : 1) * (x >= width - 5 ? (BORDER[width - x - 1] as number) : 1),
            ) * (y < 5 ? (BORDER[y] as number) : 1),
          ) * (y >= height - 5 ? (BORDER[height - y - 1] as number) : 1),
        );
        r2 = f32(r2 * scale);
        r3 = f32(r3 * scale);
        r4 = f32(r4 * scale);
        r5 = f32(r5 * scale);
        r6 = f32(r6 * scale);
      }
      const o = (y * width + x) * 5;
      M[o] = f32(f32(r4 * r4) + f32(r6 * r6));
      M[o + 1] = f32(f32(r4 + r5) * r6);
      M[o + 2] = f32(f32(r5 * r5) + f32(r6 * r6));
      M[o + 3] = f32(f32(r4 * r2) + f32(r6 * r3));
      M[o + 4] = f32(f32(r6 * r2) + f32(r5 * r3));
    }
}

/** Solves the blurred 2×2 system of one pixel into flow (OpenCV's +1e-3 regularisation). */
function solve(
  flow: Float32Array,
  i: number,
  g11: number,
  g12: number,
  g22: number,
  h1: number,
  h2: number,
): void {
  const idet = 1 / (g11 * g22 - g12 * g12 + 1e-3);
  flow[i * 2] = (g11 * h2 - g12 * h1) * idet;
  flow[i * 2 + 1] = (g22 * h1 - g12 * h2) * idet;
}

/** Stripes of M are refreshed behind the blur window as OpenCV does (same result as all at once). */
function stripes(width: number, block: number) {
  const minStripe = Math.max(Math.trunc(1024 / width), block);
  let y0 = 0;
  return (y: number, height: number, update: (a: number, b: number) => void) => {
    const y1 = y === height - 1 ? height : y - block;
    if (y1 === height || y1 >= y0 + minStripe) {
      update(y0, y1);
      y0 = y1;
    }
  };
}

/** One iteration with a box window of `block` pixels (FarnebackUpdateFlow_Blur). */
export function updateFlowBox(
  R0: Float32Array,
  R1: Float32Array,
  flow: Float32Array,
  M: Float32Array,
  width: number,
  height: number,
  block: number,
  refresh: boolean,
): void {
  const m = block >> 1;
  const scale = 1 / (block * block);
  const off = (m + 1) * 5;
  const vsum = new Float64Array((width + m * 2 + 2) * 5);
  const w5 = width * 5;
  for (let x = 0; x < w5; x++) vsum[off + x] = f32((M[x] as number) * (m + 2));
  for (let y = 1; y < m; y++) {
    const r = Math.min(y, height - 1) * w5;
    for (let x = 0; x < w5; x++) vsum[off + x] = (vsum[off + x] as number) + (M[r + x] as number);
  }
  const next = stripes(width, block);
  for (let y = 0; y < height; y++) {
    const r0 = Math.max(y - m - 1, 0) * w5;
    const r1 = Math.min(y + m, height - 1) * w5;
    for (let x = 0; x < w5; x++)
      vsum[off + x] = (vsum[off + x] as number) + f32((M[r1 + x] as number) - (M[r0 + x] as number));
    for (let x = 0; x < off; x++) {
      vsum[off - 1 - x] = vsum[off + 4 - x] as number;
      vsum[off + w5 + x] = vsum[off + w5 + x - 5] as number;
    }
    const s = [0, 1, 2, 3, 4].map((c) => (vsum[off + c] as number) * (m + 2));
    for (let x = 1; x < m; x++)
      for (let c = 0; c < 5; c++) s[c] = (s[c] as number) + (vsum[off + x * 5 + c] as number);
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 5; c++)
        s[c] =
          (s[c] as number) +
          ((vsum[off + (x + m) * 5 + c] as number) - (vsum[off + (x - m) * 5 - 5 + c] as number));
      const [g11, g12, g22, h1, h2] = s.map((v) => v * scale) as [number, number, number, number, number];
      solve(flow, y * width + x, g11, g12, g22, h1, h2);
    }
    if (refresh) next(y, height, (a, b) => updateMatrices(R0, R1, flow, M, width, height, a, b));
  }
}

/** One iteration with a Gaussian window (OPTFLOW_FARNEBACK_GAUSSIAN; FarnebackUpdateFlow_GaussianBlur). */
export function updateFlowGaussian(
  R0: Float32Array,
  R1: Float32Array,
  flow: Float32Array,
  M: Float32Array,
  width: number,
  height: number,
  block: number,
  refresh: boolean,
): void {
  const m = block >> 1;
  const sigma = m * 0.3;
  const kernel = new Float32Array(m + 1);
  kernel[0] = 1;
  let s = 1;
  for (let i = 1; i <= m; i++) {
    const t = f32(Math.exp((-i * i) / (2 * sigma * sigma)));
    kernel[i] = t;
    s += f32(t * 2);
  }
  s = 1 / s;
  for (let i = 0; i <= m; i++) kernel[i] = (kernel[i] as number) * s;
  const w5 = width * 5;
  const off = (m + 1) * 5;
  const vsum = new Float32Array((width + m * 2 + 2) * 5);
  const hsum = new Float32Array(w5);
  const next = stripes(width, block);
  for (let y = 0; y < height; y++) {
    const row = (d: number) => Math.min(Math.max(y + d, 0), height - 1) * w5;
    for (let x = 0; x < w5; x++) {
      let s0 = f32((M[row(0) + x] as number) * (kernel[0] as number));
      for (let i = 1; i <= m; i++)
        s0 = f32(
          s0 + f32(f32((M[row(i) + x] as number) + (M[row(-i) + x] as number)) * (kernel[i] as number)),
        );
      vsum[off + x] = s0;
    }
    for (let x = 0; x < m * 5; x++) {
      vsum[off - 1 - x] = vsum[off + 4 - x] as number;
      vsum[off + w5 + x] = vsum[off + w5 + x - 5] as number;
    }
    for (let x = 0; x < w5; x++) {
      let sum = f32((vsum[off + x] as number) * (kernel[0] as number));
      for (let i = 1; i <= m; i++)
        sum = f32(
          sum +
            f32(
              (kernel[i] as number) *
                f32((vsum[off + x - i * 5] as number) + (vsum[off + x + i * 5] as number)),
            ),
        );
      hsum[x] = sum;
    }
    for (let x = 0; x < width; x++) {
      const o = x * 5;
      solve(
        flow,
        y * width + x,
        hsum[o] as number,
        hsum[o + 1] as number,
        hsum[o + 2] as number,
        hsum[o + 3] as number,
        hsum[o + 4] as number,
      );
    }
    if (refresh) next(y, height, (a, b) => updateMatrices(R0, R1, flow, M, width, height, a, b));
  }
}
