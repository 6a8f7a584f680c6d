import { type Mat32, mat32 } from './mat.js';

/**
 * `cv::medianBlur(src, k)` on float32 (k = 3 or 5): the exact median of each k×k window, border
 * pixels replicated (OpenCV's float median uses BORDER_REPLICATE, not reflect-101).
 */
export function medianBlur(src: Mat32, k: number, out?: Float32Array): Mat32 {
  if (k !== 3 && k !== 5) throw new Error(`median filter size must be 3 or 5 for float images, got ${k}`);
  const { width: w, height: h, data: s } = src;
  const r = k >> 1;
  const n = k * k;
  const mid = n >> 1;
  const win = new Float32Array(n);
  const dst = out && out !== s ? out : new Float32Array(w * h);
  const cols = new Int32Array(w + 2 * r);
  for (let i = 0; i < cols.length; i++) cols[i] = Math.min(w - 1, Math.max(0, i - r));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let m = 0;
      for (let dy = -r; dy <= r; dy++) {
        const row = Math.min(h - 1, Math.max(0, y + dy)) * w;
        for (let dx = 0; dx < k; dx++) win[m++] = s[row + (cols[x + dx] as number)] as number;
      }
      dst[y * w + x] = select(win, mid);
    }
  }
  if (out && out === s) {
    out.set(dst);
    return mat32(w, h, out);
  }
  return mat32(w, h, dst);
}

/** k-th smallest of a small array (partial insertion sort; windows are 9 or 25 values). */
function select(a: Float32Array, kth: number): number {
  for (let i = 1; i < a.length; i++) {
    const v = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > v) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = v;
  }
  return a[kth] as number;
}
