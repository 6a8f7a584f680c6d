// Farnebäck's polynomial expansion (OpenCV optflowgf.cpp FarnebackPrepareGaussian and
// FarnebackPolyExp, docs/optical-flow.md §8), in OpenCV's float/double arithmetic.
import { inverse, Matrix } from 'ml-matrix';
import type { Mat32 } from './mat.js';
import { f32 } from './round.js';

interface PolyKernel {
  g: Float32Array;
  xg: Float32Array;
  xxg: Float32Array;
  ig11: number;
  ig03: number;
  ig33: number;
  ig55: number;
}

/** The Gaussian applicability g, x·g, x²·g on −n…n (index n = 0) and four entries of G⁻¹. */
function prepareGaussian(n: number, sigmaIn: number): PolyKernel {
  const sigma = sigmaIn < 1.1920929e-7 ? n * 0.3 : sigmaIn;
  const g = new Float32Array(2 * n + 1);
  const xg = new Float32Array(2 * n + 1);
  const xxg = new Float32Array(2 * n + 1);
  let s = 0;
  for (let x = -n; x <= n; x++) {
    g[x + n] = Math.exp((-x * x) / (2 * sigma * sigma));
    s += g[x + n] as number;
  }
  s = 1 / s;
  for (let x = -n; x <= n; x++) {
    g[x + n] = (g[x + n] as number) * s;
    xg[x + n] = x * (g[x + n] as number);
    xxg[x + n] = x * x * (g[x + n] as number);
  }
  const G = Matrix.zeros(6, 6);
  let g00 = 0;
  let g11 = 0;
  let g33 = 0;
  let g55 = 0;
  for (let y = -n; y <= n; y++)
    for (let x = -n; x <= n; x++) {
      const gy = g[y + n] as number;
      const gx = g[x + n] as number;
      // float products (OpenCV multiplies the float taps), double sums
      const p = f32(gy * gx);
      const px2 = f32(f32(p * x) * x);
      g00 += p;
      g11 += px2;
      g33 += f32(f32(px2 * x) * x);
      g55 += f32(f32(px2 * y) * y);
    }
  G.set(0, 0, g00);
  G.set(1, 1, g11);
  for (const [r, c] of [
    [2, 2],
    [0, 3],
    [0, 4],
    [3, 0],
    [4, 0],
  ] as const)
    G.set(r, c, g11);
  G.set(3, 3, g33);
  G.set(4, 4, g33);
  G.set(3, 4, g55);
  G.set(4, 3, g55);
  G.set(5, 5, g55);
  const inv = inverse(G);
  return { g, xg, xxg, ig11: inv.get(1, 1), ig03: inv.get(0, 3), ig33: inv.get(3, 3), ig55: inv.get(5, 5) };
}

/**
 * Per pixel, the five coefficients OpenCV keeps of the local quadratic fit (r2…r6: y, x, y², x²,
 * xy order as stored, r1 dropped), interleaved: 5 floats per pixel. Borders replicate.
 */
export function polyExpansion(src: Mat32, n: number, sigma: number): Float32Array {
  const { width, height, data } = src;
  const k = prepareGaussian(n, sigma);
  const dst = new Float32Array(width * height * 5);
  const pad = n * 3;
  const row = new Float32Array((width + 2 * n) * 3);
  for (let y = 0; y < height; y++) {
    // vertical part of the convolution
    const r0 = y * width;
    const g0 = k.g[n] as number;
    for (let x = 0; x < width; x++) {
      row[pad + x * 3] = f32((data[r0 + x] as number) * g0);
      row[pad + x * 3 + 1] = 0;
      row[pad + x * 3 + 2] = 0;
    }
    for (let j = 1; j <= n; j++) {
      const gk = k.g[n + j] as number;
      const g1 = k.xg[n + j] as number;
      const g2 = k.xxg[n + j] as number;
      const a = Math.max(y - j, 0) * width;
      const b = Math.min(y + j, height - 1) * width;
      for (let x = 0; x < width; x++) {
        const s0 = data[a + x] as number;
        const s1 = data[b + x] as number;
        const p = f32(s0 + s1);
        const i = pad + x * 3;
        row[i] = f32((row[i] as number) + f32(gk * p));
        row[i + 1] = f32((row[i + 1] as number) + f32(g1 * f32(s1 - s0)));
        row[i + 2] = f32((row[i + 2] as number) + f32(g2 * p));
      }
    }
    // replicate borders (row[-1-x] = row[2-x], row[3w+x] = row[3w+x-3])
    for (let x = 0; x < pad; x++) {
      row[pad - 1 - x] = row[pad + 2 - x] as number;
      row[pad + width * 3 + x] = row[pad + width * 3 + x - 3] as number;
    }
    // horizontal part: b1 ~ 1, b2 ~ x, b3 ~ y, b4 ~ x², b5 ~ y², b6 ~ xy (double sums)
    for (let x = 0; x < width; x++) {
      const c = pad + x * 3;
      let b1 = f32((row[c] as number) * g0);
      let b2 = 0;
      let b3 = f32((row[c + 1] as number) * g0);
      let b4 = 0;
      let b5 = f32((row[c + 2] as number) * g0);
      let b6 = 0;
      for (let j = 1; j <= n; j++) {
        const r = c + j * 3;
        const l = c - j * 3;
        const tg = f32((row[r] as number) + (row[l] as number));
        const gk = k.g[n + j] as number;
        const xg = k.xg[n + j] as number;
        b1 += tg * gk;
        b4 += tg * (k.xxg[n + j] as number);
        b2 += f32(f32((row[r] as number) - (row[l] as number)) * xg);
        b3 += f32(f32((row[r + 1] as number) + (row[l + 1] as number)) * gk);
        b6 += f32(f32((row[r + 1] as number) - (row[l + 1] as number)) * xg);
        b5 += f32(f32((row[r + 2] as number) + (row[l + 2] as number)) * gk);
      }
      const o = (y * width + x) * 5;
      dst[o + 1] = b2 * k.ig11;
      dst[o] = b3 * k.ig11;
      dst[o + 3] = b1 * k.ig03 + b4 * k.ig33;
      dst[o + 2] = b1 * k.ig03 + b5 * k.ig33;
      dst[o + 4] = b6 * k.ig55;
    }
  }
  return dst;
}
