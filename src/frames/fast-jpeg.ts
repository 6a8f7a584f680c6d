import { writeFileSync } from 'node:fs';
import { Blend } from './blend.js';
import { readFrameBytes } from './frame-bytes.js';
import { decodeJpegSync, encodeJpegSync, jpegCodec } from './jpeg-codec.js';
import { decodeRegion, regionDecoding, type Scaled } from './jpeg-region.js';
import { type Area, prepareReduction, type Reduction, reduceArea } from './reduce.js';
import type { ClipGeometry, OutputShape, RawFrame } from './render.js';
import type { TemporalPlan } from './temporal.js';

/**
 * The common case without libvips (README § Performance): a JPEG frame, not rotated, whose box (or
 * whole frame) is shrunk keeping its aspect ratio, and not colour turned grey. libjpeg-turbo
 * decodes only the region the box needs (jpeg-region.ts), at 1/2–1/8 scale when the box shrinks 2×
 * or more, as sharp's shrink-on-load does, and reduce.ts cuts and shrinks it with the same
 * Lanczos3 as sharp's; without region decoding, a whole-frame decode (jpeg-codec.ts) when the box
 * shrinks less than 2×. A grey JPEG comes out as 3 equal channels unless --gray, as sharp writes
 * it. Everything here is synchronous and free of sharp, so it runs on the frame workers
 * (frame-pool.ts) from file to file.
 */

/** One frame's work: what the worker needs, plain data (posted between threads). */
export interface FastTask {
  file: string;
  geo: ClipGeometry;
  shape: OutputShape;
  /** Write the JPEG here; null: give back the pixels (blending, PNG, WebP). */
  out: string | null;
}

/** Written; the pixels; or refused, to go through sharp. */
export type FastResult = { kind: 'written' } | { kind: 'pixels'; frame: RawFrame } | { kind: 'refused' };

/** Whether a frame can take this path at all, decided without reading it. */
export function fastEligible(file: string, geo: ClipGeometry, shape: OutputShape): boolean {
  const size = shape.size;
  if (!size || geo.rotation !== 0 || !/\.jpe?g$/i.test(file) || jpegCodec() !== 'libjpeg-turbo') return false;
  return shrinks(geo.box ?? { x: 0, y: 0, w: geo.frameWidth, h: geo.frameHeight }, geo, shape);
}

/**
 * Any fit gives exactly WxH when the box has that aspect ratio; a whole frame shrunk 2× or more is
 * left to libvips, which box-shrinks first (its output differs from a plain Lanczos3).
 */
function shrinks(b: Area, geo: ClipGeometry, shape: OutputShape): boolean {
  const size = shape.size;
  return (
    size !== null &&
    size.width <= b.w &&
    size.height <= b.h &&
    b.w * size.height === b.h * size.width &&
    (geo.box !== null || b.w < 2 * size.width)
  );
}

/** Runs one task on the calling thread. Reading errors throw (the file is named by the caller). */
export function runFastTask(task: FastTask): FastResult {
  const { file, geo, shape, out } = task;
  const frame = fastFrame(file, geo, shape);
  if (!frame) return { kind: 'refused' };
  if (out !== null && shape.format === 'jpg') {
    const bytes = encodeJpegSync(frame, shape.quality);
    if (bytes) {
      writeFileSync(out, bytes);
      return { kind: 'written' };
    }
  }
  // the pixels are a view of memory the next frame reuses
  return { kind: 'pixels', frame: { ...frame, data: Buffer.from(frame.data) } };
}

/** A blended clip's work (process-clip.ts writeBlended): every output frame, as JPEG. */
export interface FastClipTask {
  plan: TemporalPlan;
  /** The clip's frames (the plan's indices point into them). */
  files: readonly string[];
  geo: ClipGeometry;
  shape: OutputShape;
  /** One path per output frame. */
  outs: readonly string[];
}

/**
 * Blends a clip on the calling thread, writing its output frames. Refused at the first frame that
 * cannot take this path, has another size, or cannot be read: the caller then does the whole clip
 * its own way, which reports any problem in its own words, and rewrites every output frame.
 */
export function runFastClipTask(task: FastClipTask): { kind: 'written' | 'refused' } {
  const { files, geo, shape, outs } = task;
  const blend = new Blend(task.plan);
  try {
    for (const i of blend.needed) {
      const frame = fastFrame(files[i] as string, geo, shape);
      if (!frame || !blend.fits(frame)) return { kind: 'refused' };
      for (const done of blend.add(i, frame)) {
        const bytes = encodeJpegSync(done.frame, shape.quality);
        if (!bytes) return { kind: 'refused' };
        writeFileSync(outs[done.out] as string, bytes);
      }
    }
  } catch {
    return { kind: 'refused' };
  }
  return { kind: 'written' };
}

/** A frame's pixels by this path (a view of reused memory), or null when it cannot take it. */
function fastFrame(file: string, geo: ClipGeometry, shape: OutputShape): RawFrame | null {
  if (!fastEligible(file, geo, shape)) return null;
  return reduceJpeg(readFrameBytes(file), geo, shape);
}

function reduceJpeg(bytes: Buffer, geo: ClipGeometry, shape: OutputShape): RawFrame | null {
  const { box } = geo;
  const { width, height } = shape.size as { width: number; height: number };
  const gray = shape.gray;
  const shrink = box ? box.w / width : 1;
  // sharp's rule for JPEG shrink-on-load (framePipeline asks for it only with a box and cover;
  // other fits shrunk 2× or more stay with libvips): the largest of 8, 4, 2 not above the shrink
  const scale = shrink >= 8 ? 8 : shrink >= 4 ? 4 : shrink >= 2 ? 2 : 1;
  if (scale !== 1 && shape.fit !== 'cover') return null;
  if (regionDecoding()) {
    // the filter reaches 3 × the remaining shrink either side (a box at whole scale: its own edges)
    const reach = scale === 1 ? 0 : Math.ceil((3 * shrink) / scale);
    // decoded straight into the reduction's memory and shrunk there
    let job: Reduction | null = null;
    const region = decodeRegion(
      bytes,
      scale,
      reach,
      (frame) => {
        if (box) return scale === 1 ? box : shrunkArea(box, { width, height }, frame);
        // without a box, this frame's own size (a clip's frames may differ)
        const whole = { x: 0, y: 0, w: frame.width, h: frame.height };
        return shrinks(whole, geo, shape) ? whole : null;
      },
      (pixels, area) => {
        job = prepareReduction(pixels, area, width, height, scale === 1 ? 'area' : 'pixels', !gray);
        return { data: job.input, stride: job.stride };
      },
    );
    if (!region || !job || (gray && region.pixels.channels !== 1)) return null;
    return (job as Reduction).run();
  }
  if (scale !== 1) return null; // sharp's own shrink-on-load (framePipeline)
  const pixels = decodeJpegSync(bytes);
  if (!pixels || (gray && pixels.channels !== 1)) return null;
  // without a box, this frame's own size (a clip's frames may differ)
  const area = box ?? { x: 0, y: 0, w: pixels.width, h: pixels.height };
  // a box beyond this frame: sharp names the problem
  if (!shrinks(area, geo, shape) || area.x + area.w > pixels.width || area.y + area.h > pixels.height)
    return null;
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
