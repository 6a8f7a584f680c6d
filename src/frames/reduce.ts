import type { RawPixels } from './jpeg-codec.js';
import { REDUCE_WASM } from './reduce-wasm.js';

/**
 * Cut a box from raw pixels and shrink it with a separable Lanczos3 filter, in WebAssembly SIMD
 * (wasm/reduce.ts), without libvips: a sharp pipeline costs about 0.8 ms of CPU per frame before
 * any pixel is touched, more than this whole reduction of a 320² box (README § Performance).
 * The filter is libvips' (`reducev` then `reduceh`): Lanczos3 stretched by the shrink factor, pixel
 * centres aligned, edges extended, 12-bit fixed-point weights, rounded to 8 bits after each pass;
 * the result stays within a level or two of sharp's (test/frames/reduce.test.ts).
 */

// @types/node 20 does not declare the WebAssembly global; the little used here:
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: WasmApi };

interface Exports {
  memory: WasmMemory;
  reduceRows(
    src: number,
    srcStride: number,
    rowBytes: number,
    outRows: number,
    dst: number,
    dstStride: number,
    starts: number,
    weights: number,
    taps: number,
  ): void;
  transpose(
    src: number,
    srcStride: number,
    width: number,
    height: number,
    channels: number,
    dst: number,
    dstStride: number,
  ): void;
  touch(src: number, bytes: number): number;
  transposeToRgb(
    src: number,
    srcStride: number,
    width: number,
    height: number,
    dst: number,
    dstStride: number,
  ): void;
}

let wasm: Exports | null = null;

function instance(): Exports {
  wasm ??= new Wasm.Instance(new Wasm.Module(REDUCE_WASM)).exports as Exports;
  return wasm;
}

/** Output i of a reduction reads inputs starts[i] .. starts[i] + taps - 1 with these weights. */
export interface ReducePlan {
  taps: number;
  starts: Int32Array;
  /** taps per output, 4096 = 1, summing to 4096. */
  weights: Int16Array;
}

const ONE = 4096;

function lanczos3(x: number): number {
  if (x === 0) return 1;
  if (x <= -3 || x >= 3) return 0;
  const px = Math.PI * x;
  return (3 * Math.sin(px) * Math.sin(px / 3)) / (px * px);
}

/** Recent plans (a clip's frames share one; face crops give every clip its own). */
const plans = new Map<string, ReducePlan>();
const KEEP_PLANS = 32;

/**
 * The weights that shrink the span `start` .. `start + span` (fractional, in input samples
 * 0 .. size - 1) to `to` samples (span / to ≥ 1); samples outside `lo` .. `hi` read the nearest
 * edge one (libvips extends a cut box's edges; a decoded region's edges are far enough out).
 */
export function reducePlan(
  size: number,
  to: number,
  start: number,
  span: number,
  lo: number,
  hi: number,
): ReducePlan {
  const key = `${size} ${to} ${start} ${span} ${lo} ${hi}`;
  const cached = plans.get(key);
  if (cached) return cached;
  const shrink = span / to;
  const radius = 3 * shrink;
  const centre = (i: number) => start + (i + 0.5) * shrink - 0.5;
  const clamp = (k: number) => Math.min(hi, Math.max(lo, k));
  let taps = 1;
  for (let i = 0; i < to; i++) {
    const c = centre(i);
    taps = Math.max(taps, clamp(Math.ceil(c + radius) - 1) - clamp(Math.floor(c - radius) + 1) + 1);
  }
  taps = Math.min(taps, size);
  const starts = new Int32Array(to);
  const weights = new Int16Array(to * taps);
  const row = new Float64Array(taps);
  for (let i = 0; i < to; i++) {
    const c = centre(i);
    const first = Math.min(size - taps, clamp(Math.floor(c - radius) + 1));
    starts[i] = first;
    row.fill(0);
    let sum = 0;
    for (let k = Math.floor(c - radius) + 1; k < c + radius; k++) {
      const w = lanczos3((k - c) / shrink);
      row[clamp(k) - first]! += w;
      sum += w;
    }
    let total = 0;
    let largest = 0;
    for (let t = 0; t < taps; t++) {
      const q = Math.round((row[t]! / sum) * ONE);
      weights[i * taps + t] = q;
      total += q;
      if (Math.abs(q) > Math.abs(weights[i * taps + largest]!)) largest = t;
    }
    // the rounded weights sum to exactly one, so a flat area stays flat
    weights[i * taps + largest]! += ONE - total;
  }
  const plan = { taps, starts, weights };
  plans.set(key, plan);
  if (plans.size > KEEP_PLANS) plans.delete(plans.keys().next().value as string);
  return plan;
}

const pad16 = (n: number) => (n + 15) & ~15;

/** Bytes of wasm memory handed out for one reduction; reset at each (one module per thread, and a reduction runs to its end before the next starts). */
class Arena {
  private top = 0;
  constructor(private readonly memory: WasmMemory) {}
  take(bytes: number): number {
    const at = this.top;
    this.top = pad16(this.top + bytes + 16);
    const need = this.top - this.memory.buffer.byteLength;
    if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    return at;
  }
}

/** A rectangle in pixels; fractional where a decoder scaled the frame. */
export interface Area {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * `area` of `pixels` shrunk to `width` × `height` (neither larger than the area). With `edges`
 * 'area' (an integer box, as sharp's extract then resize) the filter extends the box's own edge
 * pixels; with 'pixels' it reads the real neighbours up to the edges of `pixels`. With `rgb`, one
 * grey channel comes out as three equal ones (as sharp writes a grey frame without --gray).
 */
export function reduceArea(
  pixels: RawPixels,
  area: Area,
  width: number,
  height: number,
  edges: 'area' | 'pixels',
  rgb = false,
): RawPixels {
  const job = prepareReduction(pixels, area, width, height, edges, rgb);
  const rowBytes = pixels.width * pixels.channels;
  for (let y = 0; y < pixels.height; y++)
    pixels.data.copy(job.input, y * job.stride, y * rowBytes, (y + 1) * rowBytes); // no view per row: 10× cheaper
  const out = job.run();
  return { ...out, data: Buffer.from(out.data) };
}

/**
 * A reduction whose input is written straight into the module's memory (`input`, rows `stride`
 * bytes apart: a decoder writes there, jpeg-region.ts), then `run()`: its result is a view of the
 * module's memory, valid until the next reduction on this thread. Saves copying a frame's region
 * in and the result out (about 0.8 ms of CPU per SAMM frame; README § Performance).
 */
export interface Reduction {
  input: Buffer;
  stride: number;
  run(): RawPixels;
}

/** As reduceArea, for `source`'s size; the pixels come later, into `input`. */
export function prepareReduction(
  source: { width: number; height: number; channels: RawPixels['channels'] },
  area: Area,
  width: number,
  height: number,
  edges: 'area' | 'pixels',
  rgb = false,
): Reduction {
  if (width > area.w || height > area.h || width < 1 || height < 1)
    throw new RangeError(`reduceArea: cannot shrink ${area.w}x${area.h} to ${width}x${height}`);
  if (area.x < 0 || area.y < 0 || area.x + area.w > source.width || area.y + area.h > source.height)
    throw new RangeError(`reduceArea: area outside the ${source.width}x${source.height} pixels`);
  // the rectangle the filter reads: the box itself, or all the pixels
  const r =
    edges === 'area'
      ? { x: area.x, y: area.y, w: area.w, h: area.h }
      : { x: 0, y: 0, w: source.width, h: source.height };
  if (edges === 'area' && ![r.x, r.y, r.w, r.h].every(Number.isInteger))
    throw new RangeError('reduceArea: a box with edges must be whole pixels');
  const w = instance();
  const arena = new Arena(w.memory);
  const ch = source.channels;
  const vPlan = reducePlan(r.h, height, area.y - r.y, area.h, 0, r.h - 1);
  const hPlan = reducePlan(r.w, width, area.x - r.x, area.w, 0, r.w - 1);
  // layout: the source rows; the vertical pass; its transpose; the horizontal pass (as rows); the result
  const stride = pad16(source.width * ch);
  const input = arena.take(stride * source.height);
  const rowBytes = r.w * ch;
  const vStride = pad16(rowBytes);
  const vOut = arena.take(vStride * height);
  const tStride = pad16(height * ch);
  const tOut = arena.take(tStride * r.w);
  const hOut = arena.take(tStride * width);
  const widen = rgb && ch === 1;
  const outStride = width * (widen ? 3 : ch);
  const out = arena.take(outStride * height);
  const tables = [vPlan.starts, vPlan.weights, hPlan.starts, hPlan.weights];
  const at = tables.map((t) => arena.take(t.byteLength));
  // every take is done: the memory no longer grows, so views made now stay valid
  const mem = new Uint8Array(w.memory.buffer);
  for (const [i, t] of tables.entries())
    mem.set(new Uint8Array(t.buffer, t.byteOffset, t.byteLength), at[i] as number);
  const [vStarts, vWeights, hStarts, hWeights] = at as [number, number, number, number];
  return {
    input: Buffer.from(w.memory.buffer, input, stride * source.height),
    stride,
    run() {
      const first = input + r.y * stride + r.x * ch;
      w.touch(first, stride * (r.h - 1) + rowBytes);
      w.reduceRows(first, stride, rowBytes, height, vOut, vStride, vStarts, vWeights, vPlan.taps);
      w.transpose(vOut, vStride, r.w, height, ch, tOut, tStride);
      w.reduceRows(tOut, tStride, height * ch, width, hOut, tStride, hStarts, hWeights, hPlan.taps);
      if (widen) w.transposeToRgb(hOut, tStride, height, width, out, outStride);
      else w.transpose(hOut, tStride, height, width, ch, out, outStride);
      const data = Buffer.from(w.memory.buffer, out, outStride * height);
      return { data, width, height, channels: widen ? 3 : ch };
    },
  };
}
