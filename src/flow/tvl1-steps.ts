// One inner iteration of OpenCV's DualTVL1 (opencv_contrib optflow/src/tvl1flow.cpp) in two fused
// passes over the image instead of six: the same float32 operations in the same order as
// estimateV → divergence → estimateU and forwardGradient → estimateDualVariables, so the result is
// bit-identical, but each value is read from memory once and no intermediate field is stored.
import { f32 } from './round.js';

const FLT_EPSILON = 1.1920928955078125e-7;

/** The per-level fields of one warp (all w × h, row-major). */
export interface WarpFields {
  readonly w: number;
  readonly h: number;
  readonly I1wx: Float32Array;
  readonly I1wy: Float32Array;
  readonly grad: Float32Array;
  readonly rhoC: Float32Array;
  readonly u1: Float32Array;
  readonly u2: Float32Array;
  readonly p11: Float32Array;
  readonly p12: Float32Array;
  readonly p21: Float32Array;
  readonly p22: Float32Array;
  /** Two row buffers (length w) for the divergence of p1 and p2. */
  readonly div1: Float32Array;
  readonly div2: Float32Array;
}

/**
 * `estimateV` (thresholding), then `u = v + θ·div p` (`divergence` + `estimateU`), row by row.
 * Returns Σ|Δu|² summed in float32 in row-major order, as OpenCV does.
 */
export function primalStep(f: WarpFields, lt: number, theta: number): number {
  const { w, h, I1wx, I1wy, grad, rhoC, u1, u2, p11, p12, p21, p22, div1, div2 } = f;
  let error = 0;
  for (let y = 0, r = 0; y < h; y++, r += w) {
    rowDivergence(p11, p12, r, w, y === 0, div1);
    rowDivergence(p21, p22, r, w, y === 0, div2);
    for (let x = 0; x < w; x++) {
      const i = r + x;
      const gx = I1wx[i] as number;
      const gy = I1wy[i] as number;
      const g = grad[i] as number;
      const a0 = u1[i] as number;
      const b0 = u2[i] as number;
      const rho = f32((rhoC[i] as number) + f32(f32(gx * a0) + f32(gy * b0)));
      let d1 = 0;
      let d2 = 0;
      if (rho < f32(-lt * g)) {
        d1 = f32(lt * gx);
        d2 = f32(lt * gy);
      } else if (rho > f32(lt * g)) {
        d1 = f32(-lt * gx);
        d2 = f32(-lt * gy);
      } else if (g > FLT_EPSILON) {
        const fi = f32(-rho / g);
        d1 = f32(fi * gx);
        d2 = f32(fi * gy);
      }
      const v1 = f32(a0 + d1);
      const v2 = f32(b0 + d2);
      const a = f32(v1 + f32(theta * (div1[x] as number)));
      const b = f32(v2 + f32(theta * (div2[x] as number)));
      const da = f32(a - a0);
      const db = f32(b - b0);
      u1[i] = a;
      u2[i] = b;
      error = f32(error + f32(f32(da * da) + f32(db * db)));
    }
  }
  return error;
}

/**
 * One row of OpenCV's `divergence(q1, q2)`, with q1[x−1] = 0 left of the image and q2[y−1] = 0
 * above it; the corner cases keep OpenCV's (different) addition orders.
 */
function rowDivergence(
  q1: Float32Array,
  q2: Float32Array,
  r: number,
  w: number,
  firstRow: boolean,
  out: Float32Array,
): void {
  if (firstRow) {
    out[0] = f32((q1[0] as number) + (q2[0] as number));
    for (let x = 1; x < w; x++)
      out[x] = f32(f32((q1[x] as number) - (q1[x - 1] as number)) + (q2[x] as number));
    return;
  }
  out[0] = f32(f32((q1[r] as number) + (q2[r] as number)) - (q2[r - w] as number));
  for (let x = 1; x < w; x++) {
    const i = r + x;
    out[x] = f32(
      f32((q1[i] as number) - (q1[i - 1] as number)) + f32((q2[i] as number) - (q2[i - w] as number)),
    );
  }
}

/**
 * `forwardGradient(u)` (0 on the last column / row) fused with `estimateDualVariables`:
 * Chambolle's projection step for the dual fields p1, p2.
 */
export function dualStep(f: WarpFields, taut: number): void {
  const { w, h, u1, u2, p11, p12, p21, p22 } = f;
  for (let y = 0, r = 0; y < h; y++, r += w) {
    const lastRow = y === h - 1;
    for (let x = 0; x < w; x++) {
      const i = r + x;
      const a = u1[i] as number;
      const b = u2[i] as number;
      const lastCol = x === w - 1;
      const ax = lastCol ? 0 : f32((u1[i + 1] as number) - a);
      const ay = lastRow ? 0 : f32((u1[i + w] as number) - a);
      const bx = lastCol ? 0 : f32((u2[i + 1] as number) - b);
      const by = lastRow ? 0 : f32((u2[i + w] as number) - b);
      const ng1 = f32(1 + f32(taut * f32(Math.sqrt(ax * ax + ay * ay))));
      const ng2 = f32(1 + f32(taut * f32(Math.sqrt(bx * bx + by * by))));
      p11[i] = f32(f32((p11[i] as number) + f32(taut * ax)) / ng1);
      p12[i] = f32(f32((p12[i] as number) + f32(taut * ay)) / ng1);
      p21[i] = f32(f32((p21[i] as number) + f32(taut * bx)) / ng2);
      p22[i] = f32(f32((p22[i] as number) + f32(taut * by)) / ng2);
    }
  }
}
