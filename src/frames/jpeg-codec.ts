import { createRequire } from 'node:module';
import { type JpegHeader, readJpegHeader } from './jpeg-header.js';

/**
 * libjpeg-turbo's own decoder and encoder, through the prebuilt `@julusian/jpeg-turbo` binding (an
 * optional dependency). sharp/libvips needs 3–4 ms of CPU, mostly per-image machinery, to decode
 * a 640×480 JPEG that libjpeg-turbo decodes in about 1.5 ms, and about 1 ms more than it to
 * encode the 224×224 result (README § Performance); sharp keeps crop, resize and colour on raw pixels.
 * Where the binding cannot load, or a frame is not a plain 8-bit JPEG, sharp decodes and encodes
 * as before. `ME_UNIFY_JPEG_CODEC=sharp` asks for sharp throughout.
 */

/** Raw 8-bit interleaved pixels. */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

interface TurboBinding {
  FORMAT_RGB: number;
  FORMAT_GRAY: number;
  SAMP_420: number;
  SAMP_GRAY: number;
  decompress(image: Buffer, options: { format: number }): Promise<Decoded>;
  decompressSync(image: Buffer, options: { format: number }): Decoded;
  compress(raw: Buffer, options: EncodeOptions): Promise<Buffer>;
  compressSync(raw: Buffer, out: Buffer, options: EncodeOptions): Buffer;
  /** The largest JPEG `compress` can write for these options. */
  bufferSize(options: EncodeOptions): number;
}

interface Decoded {
  data: Buffer;
  width: number;
  height: number;
}

interface EncodeOptions {
  format: number;
  width: number;
  height: number;
  quality: number;
  subsampling: number;
}

const PACKAGE = '@julusian/jpeg-turbo';

interface Loaded {
  binding: TurboBinding | null;
  /** Why it did not load, naming the package. */
  problem: string | null;
}

let loaded: Loaded | null = null;

/** Loads the binding `name` (exported so a test can name one that is not installed). */
export function loadJpegBinding(name: string): Loaded {
  try {
    const mod = createRequire(import.meta.url)(name) as Partial<TurboBinding>;
    if (
      ![mod.decompress, mod.decompressSync, mod.compress, mod.compressSync].every(
        (f) => typeof f === 'function',
      )
    )
      throw new Error('it has no decompress/compress functions');
    return { binding: mod as TurboBinding, problem: null };
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return { binding: null, problem: `${name} could not be loaded (${reason})` };
  }
}

function load(): Loaded {
  loaded ??= loadJpegBinding(PACKAGE);
  return loaded;
}

function binding(): TurboBinding | null {
  if (process.env.ME_UNIFY_JPEG_CODEC === 'sharp') return null;
  return load().binding;
}

/** Which codec JPEG frames go through, for the run's report and the resume hash. */
export function jpegCodec(): 'libjpeg-turbo' | 'sharp' {
  return binding() ? 'libjpeg-turbo' : 'sharp';
}

/** Why the faster codec is not in use (null when it is, or when sharp was asked for). */
export function jpegCodecProblem(): string | null {
  if (process.env.ME_UNIFY_JPEG_CODEC === 'sharp') return null;
  return load().problem;
}

/**
 * A JPEG's pixels, or null to let sharp decode it: no binding; not an 8-bit Huffman JPEG of 1 or 3
 * components; an embedded ICC profile (sharp converts through it); or any libjpeg error or warning
 * (a truncated frame), so sharp's own message and `failOn` rule still decide those.
 */
export async function decodeJpeg(bytes: Buffer): Promise<RawPixels | null> {
  const how = decodable(bytes);
  if (!how) return null;
  try {
    return pixelsOf(await how.turbo.decompress(bytes, { format: how.format }), how.channels);
  } catch {
    return null;
  }
}

/** decodeJpeg on the calling thread (a frame worker's, frame-pool.ts). */
export function decodeJpegSync(bytes: Buffer): RawPixels | null {
  const how = decodable(bytes);
  if (!how) return null;
  try {
    return pixelsOf(how.turbo.decompressSync(bytes, { format: how.format }), how.channels);
  } catch {
    return null;
  }
}

function decodable(bytes: Buffer): { turbo: TurboBinding; format: number; channels: 1 | 3 } | null {
  const turbo = binding();
  if (!turbo) return null;
  const header = readJpegHeader(bytes);
  if (!header || !plainJpeg(header)) return null;
  const grey = header.components === 1;
  return { turbo, format: grey ? turbo.FORMAT_GRAY : turbo.FORMAT_RGB, channels: grey ? 1 : 3 };
}

function pixelsOf(out: { data: Buffer; width: number; height: number }, channels: 1 | 3): RawPixels {
  return { data: out.data, width: out.width, height: out.height, channels };
}

/** 8-bit Huffman-coded grey or colour, no ICC profile: libjpeg-turbo gives the pixels sharp would (colour-wise). */
export function plainJpeg(h: JpegHeader): boolean {
  return h.precision === 8 && h.huffman && !h.icc && (h.components === 1 || h.components === 3);
}

/**
 * Baseline JPEG bytes of 1- or 3-channel pixels (4:2:0 for colour, as sharp is told to write), or
 * null to let sharp encode them.
 */
export async function encodeJpeg(pixels: RawPixels, quality: number): Promise<Buffer | null> {
  const how = encodable(pixels, quality);
  return how ? how.turbo.compress(pixels.data, how.options) : null;
}

/** Where encodeJpegSync writes, reused on this thread (a fresh one per frame costs 0.08 ms of CPU). */
let encoded = Buffer.alloc(0);

/**
 * encodeJpeg on the calling thread (a frame worker's, frame-pool.ts); the bytes are valid until
 * the next call on the same thread.
 */
export function encodeJpegSync(pixels: RawPixels, quality: number): Buffer | null {
  const how = encodable(pixels, quality);
  if (!how) return null;
  const size = how.turbo.bufferSize(how.options);
  if (encoded.length < size) encoded = Buffer.allocUnsafeSlow(size);
  return how.turbo.compressSync(pixels.data, encoded, how.options);
}

function encodable(
  pixels: RawPixels,
  quality: number,
): { turbo: TurboBinding; options: EncodeOptions } | null {
  const turbo = binding();
  if (!turbo || (pixels.channels !== 1 && pixels.channels !== 3)) return null;
  const grey = pixels.channels === 1;
  return {
    turbo,
    options: {
      format: grey ? turbo.FORMAT_GRAY : turbo.FORMAT_RGB,
      width: pixels.width,
      height: pixels.height,
      quality,
      subsampling: grey ? turbo.SAMP_GRAY : turbo.SAMP_420,
    },
  };
}
