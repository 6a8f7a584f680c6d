import { readFile, writeFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import { openImage, SHARP_INPUT } from './image.js';
import { decodeJpeg, encodeJpeg, jpegCodec } from './jpeg-codec.js';
import { decodeRegion, regionDecoding, type Scaled } from './jpeg-region.js';
import { type Area, reduceArea } from './reduce.js';
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
export async function framePipeline(
  file: string,
  geo: ClipGeometry,
  shape: OutputShape,
  bytes: Buffer | null = null,
): Promise<Sharp> {
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
  } else img = await openFrame(file, !shrinkOnLoad, bytes);
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
async function openFrame(file: string, rawJpeg: boolean, read: Buffer | null): Promise<Sharp> {
  if (!SHARP_INPUT.test(file)) return openImage(file);
  const bytes = read ?? (await readFile(file));
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
  const read = await reducedJpeg(file, geo, shape);
  if (read.frame) return read.frame;
  const { data, info } = await (await framePipeline(file, geo, shape, read.bytes))
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Processes one source frame into `out`. */
export async function renderFile(
  file: string,
  geo: ClipGeometry,
  shape: OutputShape,
  out: string,
): Promise<void> {
  const read = await reducedJpeg(file, geo, shape);
  if (read.frame) await writeRawFrame(read.frame, shape, out);
  else await writeFrame(await framePipeline(file, geo, shape, read.bytes), shape, out);
}

/**
 * The common case without libvips (README § Performance): a JPEG frame, not rotated, whose box (or
 * whole frame) is shrunk keeping its aspect ratio, and not colour turned grey. libjpeg-turbo
 * decodes only the region the box needs (jpeg-region.ts), at 1/2–1/8 scale when the box shrinks 2×
 * or more, as sharp's shrink-on-load does, and reduce.ts cuts and shrinks it with the same
 * Lanczos3 as sharp's; without region decoding, a whole-frame decode (jpeg-codec.ts) when the box
 * shrinks less than 2×. A grey JPEG comes out as 3 equal channels unless --gray, as sharp writes
 * it. Otherwise `frame` is null, with the file's bytes when they were read.
 */
async function reducedJpeg(
  file: string,
  geo: ClipGeometry,
  shape: OutputShape,
): Promise<{ frame: RawFrame | null; bytes: Buffer | null }> {
  const none = { frame: null, bytes: null };
  const size = shape.size;
  if (!size || geo.rotation !== 0 || !/\.jpe?g$/i.test(file) || jpegCodec() !== 'libjpeg-turbo') return none;
  // any fit gives exactly WxH when the box has that aspect ratio; a whole frame shrunk 2× or more
  // is left to libvips, which box-shrinks first (its output differs from a plain Lanczos3)
  const shrinks = (b: Area) =>
    size.width <= b.w &&
    size.height <= b.h &&
    b.w * size.height === b.h * size.width &&
    (geo.box !== null || b.w < 2 * size.width);
  if (!shrinks(geo.box ?? { x: 0, y: 0, w: geo.frameWidth, h: geo.frameHeight })) return none;
  const bytes = await readFile(file);
  return { frame: await reduceJpeg(bytes, geo.box, size, shape, shrinks), bytes };
}

async function reduceJpeg(
  bytes: Buffer,
  box: Area | null,
  size: { width: number; height: number },
  shape: OutputShape,
  shrinks: (b: Area) => boolean,
): Promise<RawFrame | null> {
  const { width, height } = size;
  const gray = shape.gray;
  const shrink = box ? box.w / width : 1;
  // sharp's rule for JPEG shrink-on-load (framePipeline asks for it only with a box and cover;
  // other fits shrunk 2× or more stay with libvips): the largest of 8, 4, 2 not above the shrink
  const scale = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  if (scale !== 1 && shape.fit !== 'cover') return null;
  if (regionDecoding()) {
    // the filter reaches 3 × the remaining shrink either side; libjpeg smooths colour differently
    // at a region's edge (chroma upsampling), so a region reaches an iMCU (16 pixels) further
    const margin = (scale === 1 ? 0 : Math.ceil((3 * shrink) / scale)) + Math.ceil(16 / scale);
    const region = await decodeRegion(bytes, scale, margin, (frame) => {
      if (!box) return { x: 0, y: 0, w: frame.width, h: frame.height };
      if (scale === 1) return box;
      return shrunkArea(box, size, frame);
    });
    if (!region || (gray && region.pixels.channels !== 1)) return null;
    if (!box && !shrinks({ x: 0, y: 0, w: region.frameWidth, h: region.frameHeight })) return null;
    return reduceArea(region.pixels, region.area, width, height, scale === 1 ? 'area' : 'pixels', !gray);
  }
  if (scale !== 1) return null; // sharp's own shrink-on-load (framePipeline)
  const pixels = await decodeJpeg(bytes);
  if (!pixels || (gray && pixels.channels !== 1)) return null;
  // without a box, this frame's own size (a clip's frames may differ)
  const area = box ?? { x: 0, y: 0, w: pixels.width, h: pixels.height };
  // a box beyond this frame: sharp names the problem
  if (!shrinks(area) || area.x + area.w > pixels.width || area.y + area.h > pixels.height) return null;
  return reduceArea(pixels, area, width, height, 'area', !gray);
}

/**
 * The box in a frame decoded at reduced scale, placed as framePipeline's shrink-on-load path
 * places it (the whole frame resized to whole pixels, then the output cut at whole pixels), so
 * the output lands on the same pixel grid as sharp's.
 */
function shrunkArea(box: Area, size: { width: number; height: number }, frame: Scaled): Area {
  const s = Math.max(size.width / box.w, size.height / box.h);
  const sw = Math.max(1, Math.round(frame.frameWidth * s));
  const sh = Math.max(1, Math.round(frame.frameHeight * s));
  const left = Math.max(0, Math.min(sw - size.width, Math.round(box.x * s + (box.w * s - size.width) / 2)));
  const top = Math.max(0, Math.min(sh - size.height, Math.round(box.y * s + (box.h * s - size.height) / 2)));
  const hs = sw / frame.width;
  const vs = sh / frame.height;
  return { x: left / hs, y: top / vs, w: size.width / hs, h: size.height / vs };
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
