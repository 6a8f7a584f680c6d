import { readFile, writeFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { fastEligible } from './fast-jpeg.js';
import { runFast } from './frame-pool.js';
import { openImage, SHARP_INPUT } from './image.js';
import { decodeJpeg, encodeJpeg, jpegCodec } from './jpeg-codec.js';
import type { Box, Fit, ImageFormat } from './spec.js';

/** The same geometry for every frame of a clip: an optional rotation, then an optional box. */
export interface ClipGeometry {
  /** Degrees clockwise about the frame's centre (sharp's `rotate`); 0 for none. */
  rotation: number;
  /** The box in the (rotated) frame; null keeps the whole frame. */
  box: Box | null;
  /** The source frames' size, read from the first frame processed. */
  frameWidth: number;
  frameHeight: number;
}

export interface OutputShape {
  size: { width: number; height: number } | null;
  fit: Fit;
  gray: boolean;
  format: ImageFormat;
  quality: number;
}

const BLACK = { r: 0, g: 0, b: 0, alpha: 1 };
// cover: fill WxH, cutting the overflow evenly; contain: fit inside WxH (one side may be shorter);
// pad: fit inside and pad with black to exactly WxH
const SHARP_FIT = { cover: 'cover', contain: 'inside', pad: 'contain' } as const;

/**
 * A sharp pipeline from one source frame to the clip's geometry and size (not yet encoded).
 *
 * Speed (README § Performance): when a JPEG is cut and then shrunk at least 2×, the whole frame is
 * resized first and the box cut after (sharp only decodes JPEGs at 1/2, 1/4, 1/8 scale when no
 * pre-resize extract is asked for); libvips computes only the box's region of that resize.
 * Otherwise a JPEG is decoded by libjpeg-turbo itself (jpeg-codec.ts) and sharp gets raw pixels.
 */
export async function framePipeline(file: string, geo: ClipGeometry, shape: OutputShape): Promise<Sharp> {
  const { box, frameWidth, frameHeight } = geo;
  const size = shape.size;
  const fast = box && size && geo.rotation === 0 && shape.fit === 'cover' && /\.jpe?g$/i.test(file);
  const scale = box && size ? Math.max(size.width / box.w, size.height / box.h) : 1;
  const shrinkOnLoad = fast && scale <= 0.5;
  let img: Sharp;
  if (geo.rotation !== 0) {
    // a second pipeline so the box is cut from the rotated frame whatever sharp's operation order
    const { data, info } = await (await openImage(file))
      .rotate(geo.rotation, { background: BLACK })
      .raw()
      .toBuffer({ resolveWithObject: true });
    img = sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  } else img = await openFrame(file, !shrinkOnLoad);
  if (shrinkOnLoad && box && size) {
    const sw = Math.max(1, Math.round(frameWidth * scale));
    const sh = Math.max(1, Math.round(frameHeight * scale));
    const left = Math.round(box.x * scale + (box.w * scale - size.width) / 2);
    const top = Math.round(box.y * scale + (box.h * scale - size.height) / 2);
    img = img.resize(sw, sh, { fit: 'fill', kernel: 'lanczos3' }).extract({
      left: Math.max(0, Math.min(sw - size.width, left)),
      top: Math.max(0, Math.min(sh - size.height, top)),
      width: Math.min(size.width, sw),
      height: Math.min(size.height, sh),
    });
  } else {
    if (box) img = img.extract({ left: box.x, top: box.y, width: box.w, height: box.h });
    if (size)
      img = img.resize(size.width, size.height, {
        fit: SHARP_FIT[shape.fit],
        kernel: 'lanczos3',
        background: BLACK,
      });
  }
  if (shape.gray) img = img.grayscale().toColourspace('b-w'); // one channel in every format
  return img.removeAlpha();
}

/**
 * sharp reading a JPEG/PNG/TIFF from memory costs about 10 % less CPU than from its path (no
 * second open of the file for the header; README § Performance); other formats go to openImage.
 * With `rawJpeg`, a JPEG libjpeg-turbo can decode reaches sharp as raw pixels.
 */
async function openFrame(file: string, rawJpeg: boolean): Promise<Sharp> {
  if (!SHARP_INPUT.test(file)) return openImage(file);
  const bytes = await readFile(file);
  const pixels = rawJpeg && /\.jpe?g$/i.test(file) ? await decodeJpeg(bytes) : null;
  if (!pixels) return sharp(bytes, { failOn: 'error' });
  return sharp(pixels.data, {
    raw: { width: pixels.width, height: pixels.height, channels: pixels.channels },
  });
}

/**
 * Encodes a frame's pipeline into `file`. A JPEG goes through libjpeg-turbo's encoder when it can
 * load (the same quality scale, 4:2:0; about 1 ms of CPU less than sharp's per frame).
 */
export async function writeFrame(img: Sharp, shape: OutputShape, file: string): Promise<void> {
  if (shape.format === 'jpg' && jpegCodec() === 'libjpeg-turbo') {
    const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
    await writeRawFrame(
      { data, width: info.width, height: info.height, channels: info.channels },
      shape,
      file,
    );
  } else await encode(img, shape).toFile(file);
}

/** Explicit encoder settings, never the library's defaults, so output bytes are reproducible. */
export function encode(img: Sharp, shape: OutputShape): Sharp {
  switch (shape.format) {
    case 'jpg':
      return img.jpeg({
        quality: shape.quality,
        chromaSubsampling: '4:2:0',
        progressive: false,
        optimiseCoding: true,
        mozjpeg: false,
      });
    case 'png':
      return img.png({ compressionLevel: 6, adaptiveFiltering: false, palette: false, progressive: false });
    case 'webp':
      return img.webp({ quality: shape.quality, effort: 4, lossless: false, smartSubsample: false });
  }
}

export const EXTENSION: Record<ImageFormat, string> = { jpg: '.jpg', png: '.png', webp: '.webp' };

/** Raw 8-bit pixels of a processed frame, for temporal blending. */
export interface RawFrame {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export async function renderRaw(file: string, geo: ClipGeometry, shape: OutputShape): Promise<RawFrame> {
  if (fastEligible(file, geo, shape)) {
    const fast = await runFast({ file, geo, shape, out: null });
    if (fast.kind === 'pixels') return fast.frame;
  }
  const { data, info } = await (await framePipeline(file, geo, shape))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Processes one source frame into `out`: on a frame worker when it can (fast-jpeg.ts), else with sharp. */
export async function renderFile(
  file: string,
  geo: ClipGeometry,
  shape: OutputShape,
  out: string,
): Promise<void> {
  if (fastEligible(file, geo, shape)) {
    const fast = await runFast({ file, geo, shape, out });
    if (fast.kind === 'written') return;
    if (fast.kind === 'pixels') return writeRawFrame(fast.frame, shape, out);
  }
  await writeFrame(await framePipeline(file, geo, shape), shape, out);
}

export function encodeRaw(frame: RawFrame, shape: OutputShape): Sharp {
  const img = sharp(frame.data, {
    raw: { width: frame.width, height: frame.height, channels: frame.channels },
  });
  // sharp reads one raw channel as sRGB and would write three; keep grey frames grey
  return encode(frame.channels === 1 ? img.toColourspace('b-w') : img, shape);
}

/** Encodes raw pixels into `file` (grey stays one channel, as encodeRaw). */
export async function writeRawFrame(frame: RawFrame, shape: OutputShape, file: string): Promise<void> {
  const bytes = shape.format === 'jpg' ? await encodeJpeg(frame, shape.quality) : null;
  if (bytes) await writeFile(file, bytes);
  else await encodeRaw(frame, shape).toFile(file);
}
