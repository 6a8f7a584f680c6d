// AssemblyScript (compiled to WebAssembly SIMD by scripts/build-wasm.js): one pyramid level of
// OpenCV's DualTVL1, the same float32 operations in the same order as src/flow/tvl1.ts
// (procOneScale) and src/flow/tvl1-steps.ts, so the two give identical bits. SIMD lanes are four
// neighbouring pixels of one row, each computing exactly what the scalar code computes for it; the
// error sum stays sequential in row-major order. No fused multiply-add (none exists without relaxed
// SIMD, which the build does not enable). docs/optical-flow.md §6.
import { median3, median5, medianScratchFloats } from './median';

const FLT_EPSILON: f32 = 1.1920928955078125e-7;
const FLT_MAX: f32 = 3.4028234663852886e38;

function at(base: usize, i: i32): usize {
  return base + ((<usize>i) << 2);
}

function ld(base: usize, i: i32): f32 {
  return load<f32>(base + ((<usize>i) << 2));
}

function st(base: usize, i: i32, v: f32): void {
  store<f32>(base + ((<usize>i) << 2), v);
}

/** First free byte after the module's static data, 16-byte aligned. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Floats per field, with room for the 4-lane loads that run past the last pixel. */
function stride(n: i32): i32 {
  return ((n + 3) & ~3) + 8;
}

/** Bytes of scratch `solveScale` needs at w × h. */
export function workBytes(w: i32, h: i32): usize {
  return <usize>(11 * stride(w * h) + medianScratchFloats(w)) * 4;
}

/** `centeredGradient`: 0.5·(f[x+1] − f[x−1]); at the borders 0.5·one-sided difference. */
function centeredGradient(s: usize, w: i32, h: i32, dx: usize, dy: usize): void {
  const half: f32 = 0.5;
  for (let y = 0; y < h; y++) {
    const up = y === 0 ? 0 : y - 1;
    const down = y === h - 1 ? h - 1 : y + 1;
    for (let x = 0; x < w; x++) {
      const left = x === 0 ? 0 : x - 1;
      const right = x === w - 1 ? w - 1 : x + 1;
      const i = y * w + x;
      st(dx, i, half * (ld(s, y * w + right) - ld(s, y * w + left)));
      st(dy, i, half * (ld(s, down * w + x) - ld(s, up * w + x)));
    }
  }
}

/** JavaScript's ToInt32(roundHalfEven(v · 32)), as src/flow/remap.ts computes a 1/32-px position. */
function quantise(v: f32): i32 {
  const q = nearest<f32>(v * <f32>32);
  if (!(abs<f32>(q) < <f32>9.223372036854776e18)) return 0; // NaN, ±∞ and |q| ≥ 2⁶³ wrap to 0
  return <i32>(<i64>q);
}

function short(v: i32): i32 {
  return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}

/** One interior tap window: ((Σ row 0) + Σ row 1) + … with each row summed left to right. */
function interior(s: usize, p: i32, w: i32, t0: v128, t1: v128, t2: v128, t3: v128): f32 {
  const P0 = f32x4.mul(v128.load(at(s, p)), t0);
  const P1 = f32x4.mul(v128.load(at(s, p + w)), t1);
  const P2 = f32x4.mul(v128.load(at(s, p + 2 * w)), t2);
  const P3 = f32x4.mul(v128.load(at(s, p + 3 * w)), t3);
  // transpose, so that lane r of column c is row r's product c: the row sums then run in lanes
  const lo01 = v128.shuffle<f32>(P0, P1, 0, 4, 1, 5);
  const lo23 = v128.shuffle<f32>(P2, P3, 0, 4, 1, 5);
  const hi01 = v128.shuffle<f32>(P0, P1, 2, 6, 3, 7);
  const hi23 = v128.shuffle<f32>(P2, P3, 2, 6, 3, 7);
  const C0 = v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5);
  const C1 = v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7);
  const C2 = v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5);
  const C3 = v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7);
  const rows = f32x4.add(f32x4.add(f32x4.add(C0, C1), C2), C3);
  return (
    f32x4.extract_lane(rows, 0) +
    f32x4.extract_lane(rows, 1) +
    f32x4.extract_lane(rows, 2) +
    f32x4.extract_lane(rows, 3)
  );
}

/** A window that crosses the border: in-image taps only, in row-major order. */
function border(s: usize, w: i32, h: i32, sx: i32, sy: i32, tab: usize, t: i32): f32 {
  let sum: f32 = 0;
  for (let r = 0; r < 4; r++) {
    const y = sy + r;
    if (y < 0 || y >= h) continue;
    for (let c = 0; c < 4; c++) {
      const x = sx + c;
      if (x < 0 || x >= w) continue;
      sum = sum + ld(s, y * w + x) * ld(tab, t + r * 4 + c);
    }
  }
  return sum;
}

/**
 * The start of a warp in one pass: `remap(INTER_CUBIC, BORDER_CONSTANT 0)` of I1 and its gradient
 * at (x + u1, y + v1) as src/flow/remap.ts (tab: its 32×32×16 weight table), then |∇I1w|² and
 * the constant part of ρ, as procOneScale in src/flow/tvl1.ts.
 */
function warpPass(
  w: i32,
  h: i32,
  I0: usize,
  I1: usize,
  I1x: usize,
  I1y: usize,
  u1: usize,
  u2: usize,
  tab: usize,
  I1wx: usize,
  I1wy: usize,
  grad: usize,
  rhoC: usize,
): void {
  const w1 = max(w - 3, 0);
  const h1 = max(h - 3, 0);
  for (let y = 0, i = 0; y < h; y++)
    for (let x = 0; x < w; x++, i++) {
      const a = ld(u1, i);
      const b = ld(u2, i);
      const qx = quantise(<f32>x + a);
      const qy = quantise(<f32>y + b);
      const t = ((qy & 31) * 32 + (qx & 31)) * 16;
      const sx = short(qx >> 5) - 1;
      const sy = short(qy >> 5) - 1;
      let I1w: f32 = 0;
      let gx: f32 = 0;
      let gy: f32 = 0;
      if (sx >= 0 && sx < w1 && sy >= 0 && sy < h1) {
        const t0 = v128.load(at(tab, t));
        const t1 = v128.load(at(tab, t + 4));
        const t2 = v128.load(at(tab, t + 8));
        const t3 = v128.load(at(tab, t + 12));
        const p = sy * w + sx;
        I1w = interior(I1, p, w, t0, t1, t2, t3);
        gx = interior(I1x, p, w, t0, t1, t2, t3);
        gy = interior(I1y, p, w, t0, t1, t2, t3);
      } else if (!(sx >= w || sx + 4 <= 0 || sy >= h || sy + 4 <= 0)) {
        I1w = border(I1, w, h, sx, sy, tab, t);
        gx = border(I1x, w, h, sx, sy, tab, t);
        gy = border(I1y, w, h, sx, sy, tab, t);
      }
      st(I1wx, i, gx);
      st(I1wy, i, gy);
      st(grad, i, gx * gx + gy * gy);
      st(rhoC, i, I1w - gx * a - gy * b - ld(I0, i));
    }
}

/** The thresholding step and u = v + θ·div p for one pixel; returns its |Δu|² term. */
function primalPixel(
  i: i32,
  div1: f32,
  div2: f32,
  I1wx: usize,
  I1wy: usize,
  grad: usize,
  rhoC: usize,
  u1: usize,
  u2: usize,
  lt: f32,
  theta: f32,
): f32 {
  const gx = ld(I1wx, i);
  const gy = ld(I1wy, i);
  const g = ld(grad, i);
  const a0 = ld(u1, i);
  const b0 = ld(u2, i);
  const rho = ld(rhoC, i) + (gx * a0 + gy * b0);
  let d1: f32 = 0;
  let d2: f32 = 0;
  if (rho < -lt * g) {
    d1 = lt * gx;
    d2 = lt * gy;
  } else if (rho > lt * g) {
    d1 = -lt * gx;
    d2 = -lt * gy;
  } else if (g > FLT_EPSILON) {
    const fi = -rho / g;
    d1 = fi * gx;
    d2 = fi * gy;
  }
  const v1 = a0 + d1;
  const v2 = b0 + d2;
  const a = v1 + theta * div1;
  const b = v2 + theta * div2;
  const da = a - a0;
  const db = b - b0;
  st(u1, i, a);
  st(u2, i, b);
  return da * da + db * db;
}

/** `primalStep` of src/flow/tvl1-steps.ts (estimateV, divergence, estimateU), 4 pixels at a time. */
export function primal(
  w: i32,
  h: i32,
  I1wx: usize,
  I1wy: usize,
  grad: usize,
  rhoC: usize,
  u1: usize,
  u2: usize,
  p11: usize,
  p12: usize,
  p21: usize,
  p22: usize,
  lt: f32,
  theta: f32,
): f32 {
  const vlt = f32x4.splat(lt);
  const vnlt = f32x4.splat(-lt);
  const vtheta = f32x4.splat(theta);
  const veps = f32x4.splat(FLT_EPSILON);
  const zero = f32x4.splat(0);
  let error: f32 = 0;
  for (let y = 0; y < h; y++) {
    const r = y * w;
    // x = 0: q1[x−1] = 0 and OpenCV's addition order for the first column
    const d1: f32 = y === 0 ? ld(p11, 0) + ld(p12, 0) : ld(p11, r) + ld(p12, r) - ld(p12, r - w);
    const d2: f32 = y === 0 ? ld(p21, 0) + ld(p22, 0) : ld(p21, r) + ld(p22, r) - ld(p22, r - w);
    error = error + primalPixel(r, d1, d2, I1wx, I1wy, grad, rhoC, u1, u2, lt, theta);
    let x = 1;
    for (; x + 4 <= w; x += 4) {
      const i = r + x;
      let div1 = f32x4.sub(v128.load(at(p11, i)), v128.load(at(p11, i - 1)));
      let div2 = f32x4.sub(v128.load(at(p21, i)), v128.load(at(p21, i - 1)));
      if (y === 0) {
        div1 = f32x4.add(div1, v128.load(at(p12, i)));
        div2 = f32x4.add(div2, v128.load(at(p22, i)));
      } else {
        div1 = f32x4.add(div1, f32x4.sub(v128.load(at(p12, i)), v128.load(at(p12, i - w))));
        div2 = f32x4.add(div2, f32x4.sub(v128.load(at(p22, i)), v128.load(at(p22, i - w))));
      }
      const gx = v128.load(at(I1wx, i));
      const gy = v128.load(at(I1wy, i));
      const g = v128.load(at(grad, i));
      const a0 = v128.load(at(u1, i));
      const b0 = v128.load(at(u2, i));
      const rho = f32x4.add(v128.load(at(rhoC, i)), f32x4.add(f32x4.mul(gx, a0), f32x4.mul(gy, b0)));
      const below = f32x4.lt(rho, f32x4.mul(vnlt, g));
      const above = f32x4.gt(rho, f32x4.mul(vlt, g));
      const inside = f32x4.gt(g, veps);
      const fi = f32x4.div(f32x4.neg(rho), g);
      const d1 = v128.bitselect(
        f32x4.mul(vlt, gx),
        v128.bitselect(f32x4.mul(vnlt, gx), v128.bitselect(f32x4.mul(fi, gx), zero, inside), above),
        below,
      );
      const d2 = v128.bitselect(
        f32x4.mul(vlt, gy),
        v128.bitselect(f32x4.mul(vnlt, gy), v128.bitselect(f32x4.mul(fi, gy), zero, inside), above),
        below,
      );
      const a = f32x4.add(f32x4.add(a0, d1), f32x4.mul(vtheta, div1));
      const b = f32x4.add(f32x4.add(b0, d2), f32x4.mul(vtheta, div2));
      const da = f32x4.sub(a, a0);
      const db = f32x4.sub(b, b0);
      v128.store(at(u1, i), a);
      v128.store(at(u2, i), b);
      const e = f32x4.add(f32x4.mul(da, da), f32x4.mul(db, db));
      error = error + f32x4.extract_lane(e, 0);
      error = error + f32x4.extract_lane(e, 1);
      error = error + f32x4.extract_lane(e, 2);
      error = error + f32x4.extract_lane(e, 3);
    }
    for (; x < w; x++) {
      const i = r + x;
      const d1: f32 =
        y === 0
          ? ld(p11, i) - ld(p11, i - 1) + ld(p12, i)
          : ld(p11, i) - ld(p11, i - 1) + (ld(p12, i) - ld(p12, i - w));
      const d2: f32 =
        y === 0
          ? ld(p21, i) - ld(p21, i - 1) + ld(p22, i)
          : ld(p21, i) - ld(p21, i - 1) + (ld(p22, i) - ld(p22, i - w));
      error = error + primalPixel(i, d1, d2, I1wx, I1wy, grad, rhoC, u1, u2, lt, theta);
    }
  }
  return error;
}

/** float32(√(a² + b²)) with the squares, sum and root in float64, as Math.sqrt does in tvl1-steps.ts. */
function norm(a: f32, b: f32): f32 {
  return <f32>Math.sqrt(<f64>a * <f64>a + <f64>b * <f64>b);
}

function norm4(a: v128, b: v128): v128 {
  const aLo = f64x2.promote_low_f32x4(a);
  const bLo = f64x2.promote_low_f32x4(b);
  const aHi = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 2, 3));
  const bHi = f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 2, 3));
  const lo = f64x2.sqrt(f64x2.add(f64x2.mul(aLo, aLo), f64x2.mul(bLo, bLo)));
  const hi = f64x2.sqrt(f64x2.add(f64x2.mul(aHi, aHi), f64x2.mul(bHi, bHi)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

function dualPixel(
  i: i32,
  ax: f32,
  ay: f32,
  bx: f32,
  by: f32,
  p11: usize,
  p12: usize,
  p21: usize,
  p22: usize,
  taut: f32,
): void {
  const ng1: f32 = <f32>1 + taut * norm(ax, ay);
  const ng2: f32 = <f32>1 + taut * norm(bx, by);
  st(p11, i, (ld(p11, i) + taut * ax) / ng1);
  st(p12, i, (ld(p12, i) + taut * ay) / ng1);
  st(p21, i, (ld(p21, i) + taut * bx) / ng2);
  st(p22, i, (ld(p22, i) + taut * by) / ng2);
}

/** `dualStep` of src/flow/tvl1-steps.ts (forwardGradient + estimateDualVariables), 4 pixels at a time. */
export function dual(
  w: i32,
  h: i32,
  u1: usize,
  u2: usize,
  p11: usize,
  p12: usize,
  p21: usize,
  p22: usize,
  taut: f32,
): void {
  const vtaut = f32x4.splat(taut);
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let y = 0; y < h; y++) {
    const r = y * w;
    const lastRow = y === h - 1;
    let x = 0;
    for (; x + 4 < w; x += 4) {
      const i = r + x;
      const a = v128.load(at(u1, i));
      const b = v128.load(at(u2, i));
      const ax = f32x4.sub(v128.load(at(u1, i + 1)), a);
      const bx = f32x4.sub(v128.load(at(u2, i + 1)), b);
      const ay = lastRow ? zero : f32x4.sub(v128.load(at(u1, i + w)), a);
      const by = lastRow ? zero : f32x4.sub(v128.load(at(u2, i + w)), b);
      const ng1 = f32x4.add(one, f32x4.mul(vtaut, norm4(ax, ay)));
      const ng2 = f32x4.add(one, f32x4.mul(vtaut, norm4(bx, by)));
      v128.store(at(p11, i), f32x4.div(f32x4.add(v128.load(at(p11, i)), f32x4.mul(vtaut, ax)), ng1));
      v128.store(at(p12, i), f32x4.div(f32x4.add(v128.load(at(p12, i)), f32x4.mul(vtaut, ay)), ng1));
      v128.store(at(p21, i), f32x4.div(f32x4.add(v128.load(at(p21, i)), f32x4.mul(vtaut, bx)), ng2));
      v128.store(at(p22, i), f32x4.div(f32x4.add(v128.load(at(p22, i)), f32x4.mul(vtaut, by)), ng2));
    }
    for (; x < w; x++) {
      const i = r + x;
      const a = ld(u1, i);
      const b = ld(u2, i);
      const lastCol = x === w - 1;
      const ax: f32 = lastCol ? 0 : ld(u1, i + 1) - a;
      const ay: f32 = lastRow ? 0 : ld(u1, i + w) - a;
      const bx: f32 = lastCol ? 0 : ld(u2, i + 1) - b;
      const by: f32 = lastRow ? 0 : ld(u2, i + w) - b;
      dualPixel(i, ax, ay, bx, by, p11, p12, p21, p22, taut);
    }
  }
}

/**
 * `procOneScale` of src/flow/tvl1.ts: warps × (median filter, then inner iterations) until the
 * update is small. I0, I1, u1, u2 are w × h float32 fields; u1, u2 are updated in place.
 */
export function solveScale(
  w: i32,
  h: i32,
  I0: usize,
  I1: usize,
  u1: usize,
  u2: usize,
  tab: usize,
  work: usize,
  warps: i32,
  outerIterations: i32,
  innerIterations: i32,
  medianSize: i32,
  lt: f32,
  theta: f32,
  taut: f32,
  scaledEps: f32,
): void {
  const n = w * h;
  const bytes = <usize>stride(n) * 4;
  const I1x = work + 0 * bytes;
  const I1y = work + 1 * bytes;
  const I1wx = work + 2 * bytes;
  const I1wy = work + 3 * bytes;
  const grad = work + 4 * bytes;
  const rhoC = work + 5 * bytes;
  const p11 = work + 6 * bytes;
  const p12 = work + 7 * bytes;
  const p21 = work + 8 * bytes;
  const p22 = work + 9 * bytes;
  const tmp = work + 10 * bytes;
  const scratch = work + 11 * bytes;
  memory.fill(p11, 0, bytes * 4);
  centeredGradient(I1, w, h, I1x, I1y);
  for (let warp = 0; warp < warps; warp++) {
    warpPass(w, h, I0, I1, I1x, I1y, u1, u2, tab, I1wx, I1wy, grad, rhoC);
    let error = FLT_MAX;
    for (let outer = 0; error > scaledEps && outer < outerIterations; outer++) {
      if (medianSize > 1) {
        if (medianSize === 5) median5(u1, tmp, w, h, scratch);
        else median3(u1, tmp, w, h, scratch);
        memory.copy(u1, tmp, <usize>n * 4);
        if (medianSize === 5) median5(u2, tmp, w, h, scratch);
        else median3(u2, tmp, w, h, scratch);
        memory.copy(u2, tmp, <usize>n * 4);
      }
      for (let inner = 0; error > scaledEps && inner < innerIterations; inner++) {
        error = primal(w, h, I1wx, I1wy, grad, rhoC, u1, u2, p11, p12, p21, p22, lt, theta);
        dual(w, h, u1, u2, p11, p12, p21, p22, taut);
      }
    }
  }
}
