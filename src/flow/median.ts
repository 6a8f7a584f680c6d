import { type Mat32, mat32 } from './mat.js';

/**
 * `cv::medianBlur(src, k)` on float32 (k = 3 or 5): the exact median of each k×k window, border
 * pixels replicated (OpenCV's float median uses BORDER_REPLICATE, not reflect-101).
 */
export function medianBlur(src: Mat32, k: number, out?: Float32Array): Mat32 {
  if (k !== 3 && k !== 5) throw new Error(`median filter size must be 3 or 5 for float images, got ${k}`);
  const { width: w, height: h, data: s } = src;
  const r = k >> 1;
  const dst = out && out !== s ? out : new Float32Array(w * h);
  const padded = w + 2 * r;
  const cols = new Int32Array(padded);
  for (let i = 0; i < padded; i++) cols[i] = Math.min(w - 1, Math.max(0, i - r));
  // each (padded) column's k values sorted once per row; a window's median is then the
  // (mid+1)-th smallest across k sorted columns (see median5x5)
  const sorted = new Float32Array(padded * k);
  for (let y = 0; y < h; y++) {
    for (let c = 0; c < padded; c++) {
      const base = c * k;
      for (let j = 0; j < k; j++) {
        const v = s[Math.min(h - 1, Math.max(0, y + j - r)) * w + (cols[c] as number)] as number;
        let i = j - 1;
        while (i >= 0 && (sorted[base + i] as number) > v) {
          sorted[base + i + 1] = sorted[base + i] as number;
          i--;
        }
        sorted[base + i + 1] = v;
      }
    }
    const rowOut = y * w;
    if (k === 5) for (let x = 0; x < w; x++) dst[rowOut + x] = median5x5(sorted, x * 5);
    else for (let x = 0; x < w; x++) dst[rowOut + x] = median3x3(sorted, x * 3);
  }
  if (out && out === s) {
    out.set(dst);
    return mat32(w, h, out);
  }
  return mat32(w, h, dst);
}

/**
 * The 13th smallest of five sorted 5-value columns starting at `b`: twelve times drop the smallest
 * head (the first column on ties), then the smallest remaining head. Heads live in locals, so the
 * loop touches memory only to advance one column.
 */
function median5x5(s: Float32Array, b: number): number {
  let i0 = b;
  let i1 = b + 5;
  let i2 = b + 10;
  let i3 = b + 15;
  let i4 = b + 20;
  let h0 = s[i0] as number;
  let h1 = s[i1] as number;
  let h2 = s[i2] as number;
  let h3 = s[i3] as number;
  let h4 = s[i4] as number;
  const INF = Number.POSITIVE_INFINITY;
  for (let t = 0; t < 12; t++) {
    if (h0 <= h1 && h0 <= h2 && h0 <= h3 && h0 <= h4) h0 = ++i0 < b + 5 ? (s[i0] as number) : INF;
    else if (h1 <= h2 && h1 <= h3 && h1 <= h4) h1 = ++i1 < b + 10 ? (s[i1] as number) : INF;
    else if (h2 <= h3 && h2 <= h4) h2 = ++i2 < b + 15 ? (s[i2] as number) : INF;
    else if (h3 <= h4) h3 = ++i3 < b + 20 ? (s[i3] as number) : INF;
    else h4 = ++i4 < b + 25 ? (s[i4] as number) : INF;
  }
  return min5(h0, h1, h2, h3, h4);
}

/** The 5th smallest of three sorted 3-value columns starting at `b` (as median5x5). */
function median3x3(s: Float32Array, b: number): number {
  let i0 = b;
  let i1 = b + 3;
  let i2 = b + 6;
  let h0 = s[i0] as number;
  let h1 = s[i1] as number;
  let h2 = s[i2] as number;
  const INF = Number.POSITIVE_INFINITY;
  for (let t = 0; t < 4; t++) {
    if (h0 <= h1 && h0 <= h2) h0 = ++i0 < b + 3 ? (s[i0] as number) : INF;
    else if (h1 <= h2) h1 = ++i1 < b + 6 ? (s[i1] as number) : INF;
    else h2 = ++i2 < b + 9 ? (s[i2] as number) : INF;
  }
  return min5(h0, h1, h2, INF, INF);
}

/** The first smallest of five values (comparison order matters only for ±0, kept first-wins). */
function min5(a: number, b: number, c: number, d: number, e: number): number {
  let m = a;
  if (b < m) m = b;
  if (c < m) m = c;
  if (d < m) m = d;
  if (e < m) m = e;
  return m;
}
