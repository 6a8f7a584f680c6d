import { createRequire } from 'node:module';
import path from 'node:path';
import { plainJpeg, type RawPixels } from './jpeg-codec.js';
import { readJpegHeader } from './jpeg-header.js';
import type { Area } from './reduce.js';

/**
 * Decodes only the part of a JPEG a crop needs, optionally at 1/2, 1/4 or 1/8 scale in the DCT
 * domain, through TurboJPEG 3's own API (`tj3SetCroppingRegion`, `tj3SetScalingFactor`): the rows
 * below the box are never entropy-decoded, and only the box's blocks are inverse-transformed.
 * For a 720² box in a 2040×1088 frame at 1/2 scale this is about 4.5 ms of CPU against 10 ms for
 * sharp's shrink-on-load (README § Performance).
 *
 * The library is the `libturbojpeg.so.0` that `@julusian/jpeg-turbo` ships beside its Linux
 * binding, called through `koffi` (prebuilt FFI; both optional dependencies, nothing compiled or
 * downloaded at install). Where either is missing (macOS and Windows link the library into the
 * binding), `regionDecoding()` is false and frames take the whole-frame path of jpeg-codec.ts.
 */

type KoffiFunction = (...args: unknown[]) => unknown;
interface Koffi {
  load(file: string): { func(declaration: string): KoffiFunction };
  struct(name: string, fields: Record<string, string>): unknown;
}

// TurboJPEG 3 constants (turbojpeg.h)
const TJINIT_DECOMPRESS = 1;
const TJPARAM_STOPONWARNING = 0;
const TJPARAM_SUBSAMP = 4;
const TJPARAM_JPEGWIDTH = 5;
const TJPARAM_JPEGHEIGHT = 6;
const TJPARAM_PRECISION = 7;
const TJPARAM_COLORSPACE = 8;
const TJCS_GRAY = 2;
const TJPF_RGB = 0;
const TJPF_GRAY = 6;
/** iMCU width by TJSAMP (444, 422, 420, GRAY, 440, 411, 441): a cropped region starts on one. */
const MCU_WIDTH = [8, 16, 16, 8, 8, 32, 8];

interface Api {
  init(): unknown;
  set: KoffiFunction;
  get: KoffiFunction;
  header: KoffiFunction;
  scale: KoffiFunction;
  crop: KoffiFunction;
  decompress: KoffiFunction;
}

/** The platform folder of @julusian/jpeg-turbo's prebuilds (pkg-prebuilds' naming). */
function prebuildDir(): string {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const musl = process.platform === 'linux' && !report?.header?.glibcVersionRuntime;
  return `jpeg-turbo-${process.platform}-${process.arch}${musl ? '-musl' : ''}`;
}

interface Loaded {
  api: Api | null;
  problem: string | null;
}
let loaded: Loaded | null = null;

/** Loads koffi and the library (exported with names so a test can point at missing ones). */
export function loadRegionDecoder(koffiName = 'koffi', turboName = '@julusian/jpeg-turbo'): Loaded {
  try {
    const require = createRequire(import.meta.url);
    const koffi = require(koffiName) as Koffi;
    const dir = path.dirname(require.resolve(`${turboName}/package.json`));
    const lib = koffi.load(path.join(dir, 'prebuilds', prebuildDir(), 'libturbojpeg.so.0'));
    koffi.struct('tjscalingfactor', { num: 'int', denom: 'int' });
    koffi.struct('tjregion', { x: 'int', y: 'int', w: 'int', h: 'int' });
    const init = lib.func('void *tj3Init(int)');
    const api: Api = {
      init: () => init(TJINIT_DECOMPRESS),
      set: lib.func('int tj3Set(void *, int, int)'),
      get: lib.func('int tj3Get(void *, int)'),
      header: lib.func('int tj3DecompressHeader(void *, const uint8_t *, size_t)'),
      scale: lib.func('int tj3SetScalingFactor(void *, tjscalingfactor)'),
      crop: lib.func('int tj3SetCroppingRegion(void *, tjregion)'),
      decompress: lib.func('int tj3Decompress8(void *, const uint8_t *, size_t, uint8_t *, int, int)'),
    };
    return { api, problem: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { api: null, problem: `libturbojpeg through ${koffiName} could not be loaded (${reason})` };
  }
}

function api(): Api | null {
  if (process.env.ME_UNIFY_JPEG_CODEC === 'sharp') return null;
  loaded ??= loadRegionDecoder();
  return loaded.api;
}

/** Whether region decoding is in use (for the run's report and the resume hash). */
export function regionDecoding(): boolean {
  return api() !== null;
}

/** Why region decoding is not in use (null when it is, or when sharp was asked for). */
export function regionDecodingProblem(): string | null {
  if (process.env.ME_UNIFY_JPEG_CODEC === 'sharp') return null;
  loaded ??= loadRegionDecoder();
  return loaded.problem;
}

/** A TurboJPEG handle, kept for the next call (calls are synchronous: one per thread suffices). */
const handles: unknown[] = [];

export interface Region {
  /** Packed rows, or rows the target's stride apart when `into` chose the target. */
  pixels: RawPixels;
  /** The requested box in `pixels`' coordinates (fractional when scaled). */
  area: Area;
  /** The frame's full size. */
  frameWidth: number;
  frameHeight: number;
}

/** The frame's full size and its size at the decoding scale. */
export interface Scaled {
  frameWidth: number;
  frameHeight: number;
  width: number;
  height: number;
}

/** The region's size before decoding (for `into`). */
export interface RegionSize {
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Where the decoder writes: rows `stride` bytes apart (0: packed). */
export interface DecodeTarget {
  data: Buffer;
  stride: number;
}

/** Without `into`, pixels are written into this buffer, reused by every call on this thread. */
let scratch = Buffer.alloc(0);

function scratchTarget(bytes: number): DecodeTarget {
  if (scratch.length < bytes) scratch = Buffer.allocUnsafeSlow(bytes);
  return { data: scratch.subarray(0, bytes), stride: 0 };
}

/**
 * The pixels around the area `want` names (in the scaled frame, given its sizes; null: none) at 1/`scale`,
 * with `reach` scaled pixels more on every side where the frame has them (a filter's reach; a
 * colour frame's region reaches an iMCU, 16 pixels, further: libjpeg smooths colour differently at
 * a region's edge, in its chroma upsampling);
 * null when the library is not in use, the JPEG is not a plain 8-bit grey or colour one
 * (jpeg-codec.ts decides as for whole frames), the area is not inside the frame, or libjpeg
 * reports any error or warning. Synchronous (it runs on a frame worker, frame-pool.ts). `into`
 * chooses where the pixels go (a reduction's input, reduce.ts); by default a buffer reused on
 * this thread, so the pixels are valid until the next call.
 */
export function decodeRegion(
  bytes: Buffer,
  scale: 1 | 2 | 4 | 8,
  reach: number,
  want: (size: Scaled) => Area | null,
  into?: (pixels: RegionSize, area: Area) => DecodeTarget,
): Region | null {
  const tj = api();
  if (!tj) return null;
  const parsed = readJpegHeader(bytes);
  if (!parsed || !plainJpeg(parsed)) return null;
  const handle = handles.pop() ?? tj.init();
  if (!handle) return null;
  try {
    tj.set(handle, TJPARAM_STOPONWARNING, 1);
    if ((tj.header(handle, bytes, bytes.length) as number) < 0) return null;
    const width = tj.get(handle, TJPARAM_JPEGWIDTH) as number;
    const height = tj.get(handle, TJPARAM_JPEGHEIGHT) as number;
    const samp = tj.get(handle, TJPARAM_SUBSAMP) as number;
    if ((tj.get(handle, TJPARAM_PRECISION) as number) !== 8) return null;
    const grey = (tj.get(handle, TJPARAM_COLORSPACE) as number) === TJCS_GRAY;
    const sw = Math.ceil(width / scale);
    const sh = Math.ceil(height / scale);
    const f = want({ frameWidth: width, frameHeight: height, width: sw, height: sh });
    if (!f || f.x < 0 || f.y < 0 || f.x + f.w > sw || f.y + f.h > sh) return null;
    const mcu = MCU_WIDTH[samp] === undefined ? null : Math.ceil((MCU_WIDTH[samp] as number) / scale);
    const margin = reach + (grey ? 0 : Math.ceil(16 / scale));
    // a region starts on a scaled iMCU column (any row); unknown subsampling: whole rows
    let x0 = mcu === null ? 0 : Math.max(0, Math.floor(f.x - margin));
    if (mcu !== null) x0 -= x0 % mcu;
    const x1 = mcu === null ? sw : Math.min(sw, Math.ceil(f.x + f.w + margin));
    const y0 = Math.max(0, Math.floor(f.y - margin));
    const y1 = Math.min(sh, Math.ceil(f.y + f.h + margin));
    if ((tj.scale(handle, { num: 1, denom: scale }) as number) < 0) return null;
    if ((tj.crop(handle, { x: x0, y: y0, w: x1 - x0, h: y1 - y0 }) as number) < 0) return null;
    const channels = grey ? 1 : 3;
    const pixels = { width: x1 - x0, height: y1 - y0, channels } as const;
    const area = { x: f.x - x0, y: f.y - y0, w: f.w, h: f.h };
    const target = into?.(pixels, area) ?? scratchTarget(pixels.width * channels * pixels.height);
    const format = grey ? TJPF_GRAY : TJPF_RGB;
    if ((tj.decompress(handle, bytes, bytes.length, target.data, target.stride, format) as number) < 0)
      return null;
    return { pixels: { ...pixels, data: target.data }, area, frameWidth: width, frameHeight: height };
  } finally {
    handles.push(handle);
  }
}
