import type { Flow } from './tvl1.js';

/**
 * How the flow derivatives of optical strain are taken; always recorded, never implied:
 * - `backward-diff`: u_x = u[x] − u[x−1], first row/column 0 (the STSTNet group's os.m, MEAN's
 *   pandas shift(1) with NaN → 0);
 * - `sobel3`: 3×3 Sobel, unscaled, border reflect-101 (cv2.Sobel defaults), as re-implementations
 *   (Off-TANet) use.
 * Both then take ε = √(u_x² + v_y² + ½(u_y + v_x)²) (docs/optical-flow.md).
 */
export type StrainDefinition = 'backward-diff' | 'sobel3';

export function opticalStrain(flow: Flow, definition: StrainDefinition): Float32Array {
  const { width: w, height: h, u, v } = flow;
  const d = definition === 'backward-diff' ? backwardDiff : sobel3;
  const [ux, uy] = d(u, w, h);
  const [vx, vy] = d(v, w, h);
  const out = new Float32Array(w * h);
  for (let i = 0; i < out.length; i++) {
    const a = ux[i] as number;
    const b = vy[i] as number;
    const c = (uy[i] as number) + (vx[i] as number);
    out[i] = Math.sqrt(a * a + b * b + 0.5 * c * c);
  }
  return out;
}

function backwardDiff(f: Float32Array, w: number, h: number): [Float64Array, Float64Array] {
  const dx = new Float64Array(w * h);
  const dy = new Float64Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      dx[i] = x === 0 ? 0 : (f[i] as number) - (f[i - 1] as number);
      dy[i] = y === 0 ? 0 : (f[i] as number) - (f[i - w] as number);
    }
  return [dx, dy];
}

function reflect101(i: number, n: number): number {
  if (n === 1) return 0;
  if (i < 0) return -i;
  if (i >= n) return 2 * n - 2 - i;
  return i;
}

function sobel3(f: Float32Array, w: number, h: number): [Float64Array, Float64Array] {
  const dx = new Float64Array(w * h);
  const dy = new Float64Array(w * h);
  const at = (x: number, y: number) => f[reflect101(y, h) * w + reflect101(x, w)] as number;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      dx[i] =
        at(x + 1, y - 1) -
        at(x - 1, y - 1) +
        2 * (at(x + 1, y) - at(x - 1, y)) +
        at(x + 1, y + 1) -
        at(x - 1, y + 1);
      dy[i] =
        at(x - 1, y + 1) -
        at(x - 1, y - 1) +
        2 * (at(x, y + 1) - at(x, y - 1)) +
        at(x + 1, y + 1) -
        at(x + 1, y - 1);
    }
  return [dx, dy];
}
