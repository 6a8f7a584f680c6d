// The image gradient OpenCV's DualTVL1 (opencv_contrib optflow/src/tvl1flow.cpp) warps, float32
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
