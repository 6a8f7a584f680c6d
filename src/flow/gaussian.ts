// OpenCV's Gaussian smoothing of a float32 image, as Farnebäck's pyramid uses it
// (docs/optical-flow.md §8): getGaussianKernel and GaussianBlur with BORDER_REFLECT_101.
import { type Mat32, mat32 } from './mat.js';
import { f32 } from './round.js';

/** OpenCV's fixed kernels for odd sizes ≤ 7 when sigma ≤ 0 (getGaussianKernel's small_gaussian_tab). */
const SMALL: Record<number, number[]> = {
  1: [1],
  3: [0.25, 0.5, 0.25],
  5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
  7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
};

/**
 * `cv::getGaussianKernel(n, sigma, CV_32F)` (OpenCV 4: computed as getGaussianKernelBitExact does,
 * mirrored halves normalised by 1 / sum; sigma ≤ 0 means 0.3·((n − 1)/2 − 1) + 0.8).
 */
export function gaussianKernel(n: number, sigma: number): Float32Array {
  const small = SMALL[n];
  if (sigma <= 0 && small) return Float32Array.from(small);
  const s = sigma > 0 ? sigma : n * 0.15 + 0.35;
  const scale2X = -0.125 / (s * s);
  const half = (n - 1) >> 1;
  const values: number[] = [];
  let sum = 0;
  for (let i = 0, x = 1 - n; i < half; i++, x += 2) {
    const t = Math.exp(x * x * scale2X);
    values.push(t);
    sum += t;
  }
  sum = sum * 2 + 1;
  if (n % 2 === 0) sum += 1;
  const mul = 1 / sum;
  const out = new Float32Array(n);
  values.forEach((t, i) => {
    out[i] = t * mul;
    out[n - 1 - i] = t * mul;
  });
  out[half] = mul;
  if (n % 2 === 0) out[half + 1] = mul;
  return out;
}

/** BORDER_REFLECT_101: …, 2, 1 | 0, 1, 2, … | n−2, n−3, … */
export function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  let j = i;
  while (j < 0 || j >= n) j = j < 0 ? -j : 2 * (n - 1) - j;
  return j;
}

/**
 * The horizontal pass, OpenCV's float order: kernels of up to 5 taps as the symmetric one
 * (SymmRowSmallFilter), longer ones tap by tap from the left (RowFilter).
 */
function rowPass(k: Float32Array, get: (offset: number) => number): number {
  if (k.length <= 5) return symmetric(k, get);
  const c = k.length >> 1;
  let s = f32((k[0] as number) * get(-c));
  for (let i = 1; i < k.length; i++) s = f32(s + f32((k[i] as number) * get(i - c)));
  return s;
}

/** The vertical pass (SymmColumnFilter): centre·k0, then + (above + below)·k_i outwards. */
function symmetric(k: Float32Array, get: (offset: number) => number): number {
  const c = k.length >> 1;
  let s = f32(get(0) * (k[c] as number));
  for (let i = 1; i <= c; i++) s = f32(s + f32(f32(get(-i) + get(i)) * (k[c + i] as number)));
  return s;
}

/** `cv::GaussianBlur(src, dst, Size(n, n), sigma, sigma)` on float32, BORDER_REFLECT_101. */
export function gaussianBlur(src: Mat32, n: number, sigma: number): Mat32 {
  if (n % 2 !== 1) throw new Error(`Gaussian kernel size must be odd, got ${n}`);
  const k = gaussianKernel(n, sigma);
  const { width: w, height: h, data } = src;
  const rows = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      rows[y * w + x] = rowPass(k, (d) => data[y * w + reflect101(x + d, w)] as number);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      out[y * w + x] = symmetric(k, (d) => rows[reflect101(y + d, h) * w + x] as number);
  return mat32(w, h, out);
}
