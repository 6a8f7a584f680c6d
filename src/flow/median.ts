import { type Mat32, mat32 } from './mat.js';

/**
 * `cv::medianBlur(src, k)` on float32 (k = 3 or 5): the exact median of each k×k window, border
 * pixels replicated (OpenCV's float median uses BORDER_REPLICATE, not reflect-101).
 */
export function medianBlur(src: Mat32, k: number, out?: Float32Array): Mat32 {
  if (k !== 3 && k !== 5) throw new Error(`median filter size must be 3 or 5 for float images, got ${k}`);
  const { width: w, height: h, data: s } = src;
  const r = k >> 1;
  const mid = (k * k) >> 1;
  const dst = out && out !== s ? out : new Float32Array(w * h);
  const padded = w + 2 * r;
  const cols = new Int32Array(padded);
  for (let i = 0; i < padded; i++) cols[i] = Math.min(w - 1, Math.max(0, i - r));
  // each (padded) column's k values sorted once per row; a window's median is then the
  // (mid+1)-th smallest across k sorted columns, taken by repeatedly advancing the smallest head
  const sorted = new Float32Array(padded * k);
  const head = new Int32Array(k);
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
    for (let x = 0; x < w; x++) {
      head.fill(0);
      let value = 0;
      for (let t = 0; t <= mid; t++) {
        let best = -1;
        for (let j = 0; j < k; j++) {
          const hj = head[j] as number;
          if (hj < k && (best < 0 || (sorted[(x + j) * k + hj] as number) < value)) {
            best = j;
            value = sorted[(x + j) * k + hj] as number;
          }
        }
        head[best] = (head[best] as number) + 1;
      }
      dst[y * w + x] = value;
    }
  }
  if (out && out === s) {
    out.set(dst);
    return mat32(w, h, out);
  }
  return mat32(w, h, dst);
}
