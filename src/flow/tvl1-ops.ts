// The per-pixel steps of OpenCV's DualTVL1 (opencv_contrib optflow/src/tvl1flow.cpp), float32
// operation by operation (Math.fround after each), in OpenCV's evaluation order.
import { f32 } from './round.js';

/** `centeredGradient`: 0.5·(f[x+1] − f[x−1]); at the borders 0.5·one-sided difference. */
export function centeredGradient(
  s: Float32Array,
  w: number,
  h: number,
  dx: Float32Array,
  dy: Float32Array,
): void {
  for (let y = 0; y < h; y++) {
    const up = y === 0 ? 0 : y - 1;
    const down = y === h - 1 ? h - 1 : y + 1;
    for (let x = 0; x < w; x++) {
      const left = x === 0 ? 0 : x - 1;
      const right = x === w - 1 ? w - 1 : x + 1;
      const i = y * w + x;
      dx[i] = f32(0.5 * f32((s[y * w + right] as number) - (s[y * w + left] as number)));
      dy[i] = f32(0.5 * f32((s[down * w + x] as number) - (s[up * w + x] as number)));
    }
  }
}

/** `forwardGradient`: f[x+1] − f[x], 0 on the last column (dx) and last row (dy). */
export function forwardGradient(
  s: Float32Array,
  w: number,
  h: number,
  dx: Float32Array,
  dy: Float32Array,
): void {
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      dx[i] = x === w - 1 ? 0 : f32((s[i + 1] as number) - (s[i] as number));
      dy[i] = y === h - 1 ? 0 : f32((s[i + w] as number) - (s[i] as number));
    }
}

/** `divergence` with v1[x−1] = 0 left of the image and v2[y−1] = 0 above it. */
export function divergence(
  v1: Float32Array,
  v2: Float32Array,
  w: number,
  h: number,
  div: Float32Array,
): void {
  div[0] = f32((v1[0] as number) + (v2[0] as number));
  for (let x = 1; x < w; x++)
    div[x] = f32(f32((v1[x] as number) - (v1[x - 1] as number)) + (v2[x] as number));
  for (let y = 1; y < h; y++) {
    const r = y * w;
    div[r] = f32(f32((v1[r] as number) + (v2[r] as number)) - (v2[r - w] as number));
    for (let x = 1; x < w; x++) {
      const i = r + x;
      div[i] = f32(
        f32((v1[i] as number) - (v1[i - 1] as number)) + f32((v2[i] as number) - (v2[i - w] as number)),
      );
    }
  }
}
