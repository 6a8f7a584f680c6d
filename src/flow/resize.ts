import { type Mat8, type Mat32, mat32 } from './mat.js';
import {
  type AreaTable,
  type AxisTable,
  areaTable,
  cubicTable,
  fixedWeights,
  linearTable,
} from './resize-tables.js';
import { f32, roundHalfEven, saturateU8 } from './round.js';

export type Interpolation = 'linear' | 'area' | 'cubic';

/** Target of a resize: an explicit size, or factors (`dsize = Size()`, fx, fy), as cv::resize takes them. */
export type ResizeTarget = { width: number; height: number } | { fx: number; fy: number };

interface Plan {
  readonly width: number;
  readonly height: number;
  readonly scaleX: number;
  readonly scaleY: number;
  readonly invX: number;
  readonly invY: number;
  readonly kind: 'copy' | 'linear' | 'cubic' | 'area-down' | 'area-up';
}

/** cv::resize / hal::resize's choices: output size, scales, and which kernel actually runs. */
function plan(w: number, h: number, target: ResizeTarget, interpolation: Interpolation): Plan {
  let width: number;
  let height: number;
  let invX: number;
  let invY: number;
  if ('fx' in target) {
    invX = target.fx;
    invY = target.fy;
    width = roundHalfEven(w * invX);
    height = roundHalfEven(h * invY);
  } else {
    width = target.width;
    height = target.height;
    invX = width / w;
    invY = height / h;
  }
  if (width < 1 || height < 1) throw new Error(`resize of ${w}x${h} to ${width}x${height}: empty output`);
  const scaleX = 1 / invX;
  const scaleY = 1 / invY;
  const base = { width, height, scaleX, scaleY, invX, invY };
  if (width === w && height === h) return { ...base, kind: 'copy' };
  const ix = roundHalfEven(scaleX);
  const iy = roundHalfEven(scaleY);
  const areaFast = Math.abs(scaleX - ix) < Number.EPSILON && Math.abs(scaleY - iy) < Number.EPSILON;
  let interp = interpolation;
  // hal::resize turns an exact 2× linear downscale into INTER_AREA
  if (interp === 'linear' && areaFast && ix === 2 && iy === 2) interp = 'area';
  if (interp === 'area') return { ...base, kind: scaleX >= 1 && scaleY >= 1 ? 'area-down' : 'area-up' };
  return { ...base, kind: interp };
}

function tables(p: Plan, w: number, h: number): { x: AxisTable; y: AxisTable } {
  if (p.kind === 'cubic')
    return { x: cubicTable(w, p.width, p.scaleX), y: cubicTable(h, p.height, p.scaleY) };
  const mode = p.kind === 'area-up' ? 'area-up' : 'linear';
  return {
    x: linearTable(w, p.width, p.scaleX, p.invX, mode, true),
    y: linearTable(h, p.height, p.scaleY, p.invY, mode, false),
  };
}

/** `cv::resize` of a float32 image (single channel), OpenCV's scalar arithmetic in float32. */
export function resizeFloat(src: Mat32, target: ResizeTarget, interpolation: Interpolation): Mat32 {
  const p = plan(src.width, src.height, target, interpolation);
  if (p.kind === 'copy') return mat32(src.width, src.height, src.data.slice());
  if (p.kind === 'area-down')
    return areaResize(src.data, src.width, src.height, p, (v) => v, Float32Array) as Mat32;
  const { x, y } = tables(p, src.width, src.height);
  // table fields in locals: read through the (polymorphic) table objects inside the loops, they
  // made this resize several times slower
  const { taps: xt, index: xi, weight: xw } = x;
  const { taps: yt, index: yi, weight: yw } = y;
  const { data: sd, width: sw, height: sh } = src;
  const { width: ow, height: oh } = p;
  const rows = new Float32Array(sh * ow);
  for (let r = 0; r < sh; r++) {
    const s = r * sw;
    const o = r * ow;
    for (let d = 0; d < ow; d++) {
      let acc = 0;
      for (let k = 0; k < xt; k++) {
        const t = d * xt + k;
        acc = f32(acc + f32((sd[s + (xi[t] as number)] as number) * (xw[t] as number)));
      }
      rows[o + d] = acc;
    }
  }
  // vertical taps tap by tap over whole rows: each output still sums its taps in order from 0
  const out = new Float32Array(ow * oh);
  for (let d = 0; d < oh; d++) {
    const o = d * ow;
    for (let k = 0; k < yt; k++) {
      const t = d * yt + k;
      const r = (yi[t] as number) * ow;
      const wt = yw[t] as number;
      for (let c = 0; c < ow; c++)
        out[o + c] = f32((out[o + c] as number) + f32((rows[r + c] as number) * wt));
    }
  }
  return mat32(ow, oh, out);
}

/** `cv::resize` of an 8-bit image (any channel count): OpenCV's fixed-point linear/cubic, float area. */
export function resizeU8(src: Mat8, target: ResizeTarget, interpolation: Interpolation): Mat8 {
  const p = plan(src.width, src.height, target, interpolation);
  const cn = src.channels;
  const out = new Uint8Array(p.width * p.height * cn);
  for (let ch = 0; ch < cn; ch++) {
    const plane = new Uint8Array(src.width * src.height);
    for (let i = 0; i < plane.length; i++) plane[i] = src.data[i * cn + ch] as number;
    const res = resizePlaneU8(plane, src.width, src.height, p);
    for (let i = 0; i < res.length; i++) out[i * cn + ch] = res[i] as number;
  }
  return { width: p.width, height: p.height, channels: cn, data: out };
}

function resizePlaneU8(src: Uint8Array, w: number, h: number, p: Plan): Uint8Array {
  if (p.kind === 'copy') return src.slice();
  if (p.kind === 'area-down') return areaResize(src, w, h, p, saturateU8, Uint8Array).data as Uint8Array;
  const { x, y } = tables(p, w, h);
  const ax = fixedWeights(x);
  const by = fixedWeights(y);
  const rows = new Int32Array(h * p.width);
  for (let r = 0; r < h; r++)
    for (let d = 0; d < p.width; d++) {
      let acc = 0;
      for (let k = 0; k < x.taps; k++) {
        const t = d * x.taps + k;
        acc += (src[r * w + (x.index[t] as number)] as number) * (ax[t] as number);
      }
      rows[r * p.width + d] = acc;
    }
  const out = new Uint8Array(p.width * p.height);
  for (let d = 0; d < p.height; d++)
    for (let c = 0; c < p.width; c++) {
      out[d * p.width + c] =
        y.taps === 2 ? vLinearU8(rows, y, by, d, p.width, c) : vCubicU8(rows, y, by, d, p.width, c);
    }
  return out;
}

/**
 * Vertical linear pass as cv2 runs it on x86 (VResizeLinearVec_32s8u): each row sum shifted right by
 * 4, multiplied by the weight keeping the high 16 bits, then (a + b + 2) >> 2. The scalar formula
 * (b0·r0 + b1·r1 + 2^21) >> 22 differs by 1 on many pixels (measured against cv2 4.6).
 */
function vLinearU8(rows: Int32Array, y: AxisTable, by: Int32Array, d: number, w: number, c: number): number {
  const r0 = rows[(y.index[d * 2] as number) * w + c] as number;
  const r1 = rows[(y.index[d * 2 + 1] as number) * w + c] as number;
  const a = mulHi(int16(r0 >> 4), by[d * 2] as number);
  const b = mulHi(int16(r1 >> 4), by[d * 2 + 1] as number);
  const v = (a + b + 2) >> 2;
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** v_pack (saturating int32 → int16) and v_mul_hi ((a·b) >> 16). */
function int16(v: number): number {
  return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}
function mulHi(a: number, b: number): number {
  return (a * b) >> 16;
}

/** Vertical cubic pass, FixedPtCast<int, uchar, 22>: (Σ + 2^21) >> 22, saturated. */
function vCubicU8(rows: Int32Array, y: AxisTable, by: Int32Array, d: number, w: number, c: number): number {
  let acc = 0;
  for (let k = 0; k < 4; k++)
    acc += (rows[(y.index[d * 4 + k] as number) * w + c] as number) * (by[d * 4 + k] as number);
  // sums exceed int32, so no bit shifts here
  const v = Math.floor((acc + 2097152) / 4194304);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

/** INTER_AREA downscaling (`resizeArea_` with float accumulators; the integer-factor fast path sums the same cells). */
function areaResize<A extends Float32Array | Uint8Array>(
  src: ArrayLike<number>,
  w: number,
  h: number,
  p: Plan,
  cast: (v: number) => number,
  Out: { new (n: number): A },
): { width: number; height: number; data: A } {
  if (Number.isInteger(p.scaleX) && Number.isInteger(p.scaleY) && p.width * p.scaleX <= w)
    return areaFast(src, w, p, cast, Out);
  const xt: AreaTable = areaTable(w, p.width, p.scaleX);
  const yt: AreaTable = areaTable(h, p.height, p.scaleY);
  const out = new Out(p.width * p.height);
  const buf = new Float32Array(p.width);
  const sum = new Float32Array(p.width);
  let prev = -1;
  for (let j = 0; j < yt.dst.length; j++) {
    const beta = yt.alpha[j] as number;
    const dy = yt.dst[j] as number;
    const row = (yt.src[j] as number) * w;
    buf.fill(0);
    for (let k = 0; k < xt.dst.length; k++) {
      const dx = xt.dst[k] as number;
      buf[dx] = f32(
        (buf[dx] as number) + f32((src[row + (xt.src[k] as number)] as number) * (xt.alpha[k] as number)),
      );
    }
    if (dy !== prev) {
      if (prev >= 0) for (let dx = 0; dx < p.width; dx++) out[prev * p.width + dx] = cast(sum[dx] as number);
      for (let dx = 0; dx < p.width; dx++) sum[dx] = f32(beta * (buf[dx] as number));
      prev = dy;
    } else {
      for (let dx = 0; dx < p.width; dx++)
        sum[dx] = f32((sum[dx] as number) + f32(beta * (buf[dx] as number)));
    }
  }
  for (let dx = 0; dx < p.width; dx++) out[prev * p.width + dx] = cast(sum[dx] as number);
  return { width: p.width, height: p.height, data: out };
}

/** `resizeAreaFast_`: mean of each sx×sy cell, summed row by row, times float(1/area). */
function areaFast<A extends Float32Array | Uint8Array>(
  src: ArrayLike<number>,
  w: number,
  p: Plan,
  cast: (v: number) => number,
  Out: { new (n: number): A },
): { width: number; height: number; data: A } {
  const sx = p.scaleX;
  const sy = p.scaleY;
  const scale = f32(1 / (sx * sy));
  const out = new Out(p.width * p.height);
  const isFloat = out instanceof Float32Array;
  for (let dy = 0; dy < p.height; dy++)
    for (let dx = 0; dx < p.width; dx++) {
      let acc = 0;
      for (let ky = 0; ky < sy; ky++)
        for (let kx = 0; kx < sx; kx++) {
          const v = src[(dy * sy + ky) * w + dx * sx + kx] as number;
          acc = isFloat ? f32(acc + v) : acc + v;
        }
      out[dy * p.width + dx] = cast(f32(acc * scale));
    }
  return { width: p.width, height: p.height, data: out };
}
