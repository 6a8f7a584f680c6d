import { type Mat32, mat32 } from './mat.js';
import { medianBlur } from './median.js';
import { remapCubic } from './remap.js';
import { resizeFloat } from './resize.js';
import { f32 } from './round.js';
import { centeredGradient } from './tvl1-ops.js';
import { scaleConstants, TVL1_DEFAULTS, type Tvl1Params } from './tvl1-params.js';
import { dualStep, primalStep, type WarpFields } from './tvl1-steps.js';
import { wasmScaleSolver } from './tvl1-wasm.js';

/** A dense flow: u (columns, +right) and v (rows, +down), with I1(x + u, y + v) ≈ I0(x, y). */
export interface Flow {
  readonly width: number;
  readonly height: number;
  readonly u: Float32Array;
  readonly v: Float32Array;
}

export interface Tvl1Result extends Flow {
  /** Pyramid levels actually used (OpenCV stops below 16 px and, in a reused object, keeps the lower value). */
  readonly scalesUsed: number;
}

/** One pyramid level: refines u1, u2 (in place) from I0 to I1. */
export type ScaleSolver = (I0: Mat32, I1: Mat32, u1: Float32Array, u2: Float32Array, p: Tvl1Params) => void;

/**
 * Which implementation solves each level; both give identical bits. `auto`: the WebAssembly SIMD
 * one when it loads (and no input value is NaN or beyond ±65535), else the TypeScript one, which
 * is the reference.
 * `ME_UNIFY_TVL1=typescript` in the environment makes `auto` pick TypeScript.
 */
export type Tvl1Solver = 'auto' | 'typescript' | ScaleSolver;

/**
 * OpenCV's `DualTVL1OpticalFlow::calc(I0, I1)` (gamma 0, no initial flow) on two grey images whose
 * values are 0–255 floats (8-bit input converted exactly). A fresh solver per pair, like every MER
 * code that calls it (so OpenCV's mutated `nscales`, quirk 1 in docs/optical-flow.md, never leaks).
 */
export function tvl1(
  i0: Mat32,
  i1: Mat32,
  params: Partial<Tvl1Params> = {},
  solver: Tvl1Solver = 'auto',
): Tvl1Result {
  const p = { ...TVL1_DEFAULTS, ...params };
  if (i0.width !== i1.width || i0.height !== i1.height)
    throw new Error(`the two images differ in size: ${i0.width}x${i0.height} and ${i1.width}x${i1.height}`);
  if (i0.width < 3 || i0.height < 3)
    throw new Error(`images must be at least 3x3, got ${i0.width}x${i0.height}`);
  const solve = pickSolver(solver, i0, i1);
  const I0s: Mat32[] = [i0];
  const I1s: Mat32[] = [i1];
  let nscales = p.nscales;
  for (let s = 1; s < nscales; s++) {
    const a = resizeFloat(I0s[s - 1] as Mat32, { fx: p.scaleStep, fy: p.scaleStep }, 'linear');
    const b = resizeFloat(I1s[s - 1] as Mat32, { fx: p.scaleStep, fy: p.scaleStep }, 'linear');
    if (a.width < 16 || a.height < 16) {
      nscales = s;
      break;
    }
    I0s.push(a);
    I1s.push(b);
  }
  const top = I0s[nscales - 1] as Mat32;
  let u1 = mat32(top.width, top.height);
  let u2 = mat32(top.width, top.height);
  const up = f32(1 / p.scaleStep);
  for (let s = nscales - 1; s >= 0; s--) {
    solve(I0s[s] as Mat32, I1s[s] as Mat32, u1.data, u2.data, p);
    if (s === 0) break;
    const next = I0s[s - 1] as Mat32;
    u1 = scaled(resizeFloat(u1, { width: next.width, height: next.height }, 'linear'), up);
    u2 = scaled(resizeFloat(u2, { width: next.width, height: next.height }, 'linear'), up);
  }
  return { width: i0.width, height: i0.height, u: u1.data, v: u2.data, scalesUsed: nscales };
}

function pickSolver(solver: Tvl1Solver, i0: Mat32, i1: Mat32): ScaleSolver {
  if (typeof solver === 'function') return solver;
  if (solver === 'typescript' || process.env.ME_UNIFY_TVL1 === 'typescript') return procOneScale;
  // a NaN compares differently under SIMD min/max than in the scalar median: keep inputs that are
  // NaN, or large enough for an intermediate to overflow to ±∞ (and then NaN), on the reference path
  if (!moderate(i0.data) || !moderate(i1.data)) return procOneScale;
  return wasmScaleSolver() ?? procOneScale;
}

/** Every value within ±65535 (8- and 16-bit images; calc's 0–255 scale), none NaN. */
function moderate(a: Float32Array): boolean {
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] as number) <= 65535)) return false;
  return true;
}

function scaled(m: Mat32, k: number): Mat32 {
  for (let i = 0; i < m.data.length; i++) m.data[i] = f32((m.data[i] as number) * k);
  return m;
}

/**
 * `procOneScale`: warps × (median filter, then inner iterations) until the update is small. The
 * TypeScript reference; assembly/tvl1.ts (solveScale) is the same computation with SIMD.
 */
export function procOneScale(I0: Mat32, I1: Mat32, u1: Float32Array, u2: Float32Array, p: Tvl1Params): void {
  const { width: w, height: h } = I0;
  const n = w * h;
  const buf = () => new Float32Array(n);
  const { lt, taut, theta, scaledEps } = scaleConstants(p, n);
  const I1x = buf();
  const I1y = buf();
  const mapX = buf();
  const mapY = buf();
  const I1w = buf();
  const tmp = buf();
  const f: WarpFields = {
    w,
    h,
    I1wx: buf(),
    I1wy: buf(),
    grad: buf(),
    rhoC: buf(),
    u1,
    u2,
    p11: buf(),
    p12: buf(),
    p21: buf(),
    p22: buf(),
    div1: new Float32Array(w),
    div2: new Float32Array(w),
  };
  const { I1wx, I1wy, grad, rhoC } = f;
  centeredGradient(I1.data, w, h, I1x, I1y);
  const I1xm = mat32(w, h, I1x);
  const I1ym = mat32(w, h, I1y);
  const I0d = I0.data;
  for (let warp = 0; warp < p.warps; warp++) {
    for (let y = 0, i = 0; y < h; y++)
      for (let x = 0; x < w; x++, i++) {
        mapX[i] = f32(x + (u1[i] as number));
        mapY[i] = f32(y + (u2[i] as number));
      }
    remapCubic(I1, mapX, mapY, I1w);
    remapCubic(I1xm, mapX, mapY, I1wx);
    remapCubic(I1ym, mapX, mapY, I1wy);
    for (let i = 0; i < n; i++) {
      const gx = I1wx[i] as number;
      const gy = I1wy[i] as number;
      grad[i] = f32(f32(gx * gx) + f32(gy * gy));
      rhoC[i] = f32(
        f32(f32((I1w[i] as number) - f32(gx * (u1[i] as number))) - f32(gy * (u2[i] as number))) -
          (I0d[i] as number),
      );
    }
    let error = 3.4028234663852886e38; // FLT_MAX
    for (let outer = 0; error > scaledEps && outer < p.outerIterations; outer++) {
      if (p.medianFiltering > 1) {
        medianBlur(mat32(w, h, u1), p.medianFiltering, tmp);
        u1.set(tmp);
        medianBlur(mat32(w, h, u2), p.medianFiltering, tmp);
        u2.set(tmp);
      }
      for (let inner = 0; error > scaledEps && inner < p.innerIterations; inner++) {
        error = primalStep(f, lt, theta);
        dualStep(f, taut);
      }
    }
  }
}
