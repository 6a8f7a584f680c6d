import { copyFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import sharp from 'sharp';
import type { IssueCodeAt } from '../issues/catalogue.js';
import { MeUnifyError } from '../issues/errors.js';
import type { Processing } from '../schema/sample.js';
import { Blend } from './blend.js';
import { frameName } from './copy.js';
import { detectFace, type Face } from './face.js';
import { fastEligible } from './fast-jpeg.js';
import { runFastClip } from './frame-pool.js';
import { boxProblem, levellingAngle, type Point, rotatePoint, squareAround } from './geometry.js';
import { openImage } from './image.js';
import {
  type ClipGeometry,
  EXTENSION,
  type OutputShape,
  type RawFrame,
  renderFile,
  renderRaw,
  writeRawFrame,
} from './render.js';
import type { Box, CropSpec, Resample } from './spec.js';
import { planTemporal, remapIndex, type TemporalPlan } from './temporal.js';

/** One clip as the pixel pipeline sees it: frames and key indices, no dataset. */
export interface ClipInput {
  /** Used in messages only. */
  id: string;
  frames: readonly string[];
  fps: number;
  onset: number;
  apex: number | null;
  offset: number;
}

export interface ClipSettings {
  crop: CropSpec;
  /** mode box: the box; mode file: this clip's box from the file (null when it has none). */
  box: Box | null;
  align: boolean;
  margin: number;
  shape: OutputShape;
  temporal: { fps?: number | undefined; length?: number | undefined; resample: Resample };
}

export interface ClipOutput {
  names: string[];
  fps: number;
  onset: number;
  apex: number | null;
  offset: number;
  processing: Processing;
}

/** An error that belongs to one clip (the run goes on under --on-error skip). */
export class ClipError extends MeUnifyError {
  readonly code: IssueCodeAt<'error'>;
  constructor(code: IssueCodeAt<'error'>, message: string, file: string | null = null) {
    super(message, { file });
    this.code = code;
  }
}

/**
 * Crops, resizes, resamples and encodes one clip into `dir`. The crop is decided once per clip
 * (for faces: detected on the onset frame) and applied to every frame, because a box that moved
 * from frame to frame would add motion larger than the micro-expression itself.
 */
export async function processClip(clip: ClipInput, settings: ClipSettings, dir: string): Promise<ClipOutput> {
  const n = clip.frames.length;
  if (n === 0)
    throw new ClipError(
      'frames.none',
      `${clip.id}: no frames to process (a video-only sample must have its frames extracted first)`,
    );
  const { geometry, crop } = await clipGeometry(clip, settings);
  const plan = planTemporal(n, clip.fps, settings.temporal);
  const ext = EXTENSION[settings.shape.format];
  const names = plan.positions.map((_, j) => frameName(j, ext));
  const direct = plan.weights.every((w) => w.length === 1 && Math.abs((w[0]?.weight ?? 0) - 1) < 1e-12);
  if (direct) await writeDirect(clip, plan, geometry, settings.shape, dir, names);
  else await writeBlended(clip, plan, geometry, settings.shape, dir, names);
  const remap = (i: number) => remapIndex(plan.positions, i);
  return {
    names,
    fps: Math.round(plan.fps * 1e6) / 1e6,
    onset: remap(clip.onset),
    apex: clip.apex === null ? null : remap(clip.apex),
    offset: remap(clip.offset),
    processing: {
      crop,
      size: settings.shape.size ? { ...settings.shape.size, fit: settings.shape.fit } : null,
      gray: settings.shape.gray,
      image_format: settings.shape.format,
      temporal: {
        method: plan.method,
        source_frames: n,
        source_fps: clip.fps,
        positions: plan.positions,
      },
    },
  };
}

async function frameSize(file: string): Promise<{ width: number; height: number }> {
  const meta = await (await openImage(file)).metadata();
  if (!meta.width || !meta.height)
    throw new ClipError('frames.unreadable', `${file}: cannot read the image size`, file);
  // EXIF-rotated frames would turn under sharp's autoOrient; micro-expression frames carry none
  return { width: meta.width, height: meta.height };
}

async function clipGeometry(
  clip: ClipInput,
  settings: ClipSettings,
): Promise<{ geometry: ClipGeometry; crop: Processing['crop'] }> {
  const detectIndex = Math.min(clip.onset, clip.frames.length - 1);
  const first = clip.frames[detectIndex] as string;
  const { width, height } = await frameSize(first);
  const crop = settings.crop;
  if (crop.mode === 'none')
    return {
      geometry: { rotation: 0, box: null, frameWidth: width, frameHeight: height },
      crop: { mode: 'none', box: null, rotation: 0, face: null, landmarks: null },
    };
  if (crop.mode === 'box' || crop.mode === 'file') {
    const box = settings.box;
    if (!box)
      throw new ClipError(
        'crop.box-missing',
        `${clip.id}: the crop box file ${crop.mode === 'file' ? crop.file : ''} has no row for this sample; expected a row 'id,x,y,w,h' with id '${clip.id}'`,
        crop.mode === 'file' ? crop.file : null,
      );
    const problem = boxProblem(box, width, height);
    if (problem) throw new ClipError('crop.box-outside', `${clip.id}: ${problem} (${first})`, first);
    return {
      geometry: { rotation: 0, box, frameWidth: width, frameHeight: height },
      crop: { mode: crop.mode, box, rotation: 0, face: null, landmarks: null },
    };
  }
  const face = await detectFace(first);
  if (!face)
    throw new ClipError(
      'frames.no-face',
      `${clip.id}: no face found on the onset frame ${first}; the clip is not cropped at a guessed place (check the frame, or give its box with --crop <boxes.csv>)`,
      first,
    );
  return faceGeometry(face, detectIndex, settings, first, width, height);
}

async function faceGeometry(
  face: Face,
  frame: number,
  settings: ClipSettings,
  file: string,
  width: number,
  height: number,
): Promise<{ geometry: ClipGeometry; crop: Processing['crop'] }> {
  const angle = settings.align ? Math.round(levellingAngle(face.landmarks) * 100) / 100 : 0;
  const { box: b } = face;
  const corners: Point[] = [
    [b.x, b.y],
    [b.x + b.w, b.y],
    [b.x, b.y + b.h],
    [b.x + b.w, b.y + b.h],
  ];
  let outW = width;
  let outH = height;
  let points = [...corners, ...face.landmarks];
  if (angle !== 0) {
    // the rotated canvas size, as sharp makes it
    const meta = await sharp(
      await (await openImage(file)).rotate(angle, { background: '#000000' }).jpeg({ quality: 10 }).toBuffer(),
    ).metadata();
    outW = meta.width ?? width;
    outH = meta.height ?? height;
    points = points.map((p) => rotatePoint(p, angle, width, height, outW, outH));
  }
  const box = squareAround([], points, settings.margin, outW, outH);
  return {
    geometry: { rotation: angle, box, frameWidth: outW, frameHeight: outH },
    crop: {
      mode: 'face',
      box,
      rotation: angle,
      face: { frame, score: face.score, box: face.box },
      landmarks: face.landmarks,
    },
  };
}

function frameError(file: string, err: unknown): ClipError {
  if (err instanceof ClipError) return err;
  return new ClipError(
    'frames.process',
    `${file}: cannot process this frame (${err instanceof Error ? err.message : String(err)})`,
    file,
  );
}

/**
 * Every output frame is one source frame: each goes file → pixels → file, 2 in flight. After a
 * frame fails no other starts, and the clip fails only once the frames in flight have ended, so
 * nothing writes into the clip's folder after its failure is reported (the run may clear it).
 */
async function writeDirect(
  clip: ClipInput,
  plan: TemporalPlan,
  geo: ClipGeometry,
  shape: OutputShape,
  dir: string,
  names: string[],
): Promise<void> {
  const limit = pLimit(2);
  const firstOf = new Map<number, number>();
  const sources = plan.weights.map((w) => w[0]?.index as number);
  let failure: ClipError | null = null;
  await Promise.all(
    sources.map((src, j) => {
      if (firstOf.has(src)) return Promise.resolve();
      firstOf.set(src, j);
      return limit(async () => {
        if (failure) return;
        const file = clip.frames[src] as string;
        try {
          await renderFile(file, geo, shape, path.join(dir, names[j] as string));
        } catch (err) {
          failure ??= frameError(file, err);
        }
      });
    }),
  );
  if (failure) throw failure;
  // a source frame used twice (nearest, upsampling) is encoded once and copied
  for (const [j, src] of sources.entries()) {
    const first = firstOf.get(src) as number;
    if (first !== j)
      await copyFile(path.join(dir, names[first] as string), path.join(dir, names[j] as string));
  }
}

/**
 * Output frames blend several source frames (linear, TIM; blend.ts). A clip whose frames all take
 * the fast path (fast-jpeg.ts) is blended whole on one frame worker, as clips in flight spread over
 * the workers; otherwise, or when the worker gives it back (a frame it cannot take), here: source
 * frames read once, in order, one ahead.
 */
async function writeBlended(
  clip: ClipInput,
  plan: TemporalPlan,
  geo: ClipGeometry,
  shape: OutputShape,
  dir: string,
  names: string[],
): Promise<void> {
  const blend = new Blend(plan);
  const files = blend.needed.map((i) => clip.frames[i] as string);
  if (shape.format === 'jpg' && files.every((f) => fastEligible(f, geo, shape))) {
    const outs = names.map((n) => path.join(dir, n));
    if ((await runFastClip({ plan, files: clip.frames, geo, shape, outs })).kind === 'written') return;
  }
  const read = (i: number) => {
    const file = clip.frames[i] as string;
    return renderRaw(file, geo, shape).catch((err: unknown) => {
      throw frameError(file, err);
    });
  };
  const { needed } = blend;
  let next = needed.length > 0 ? read(needed[0] as number) : null;
  for (const [k, i] of needed.entries()) {
    const frame = await (next as Promise<RawFrame>);
    next = k + 1 < needed.length ? read(needed[k + 1] as number) : null;
    next?.catch(() => {}); // surfaced when awaited
    const format = blend.format;
    if (format && !blend.fits(frame))
      throw new ClipError(
        'frames.mismatch',
        `${clip.frames[i]}: this frame gives ${frame.width}x${frame.height}x${frame.channels} pixels but the clip's first frame gave ${format.width}x${format.height}x${format.channels}; frames of one clip must share a size to be interpolated (or pass --size)`,
        clip.frames[i] as string,
      );
    for (const done of blend.add(i, frame))
      await writeRawFrame(done.frame, shape, path.join(dir, names[done.out] as string));
  }
}

/** Keeps a processed clip's record beside its frames, so a resumed run needs no detection. */
export const CLIP_RECORD = '.me-unify-processing.json';

export async function writeClipRecord(dir: string, output: ClipOutput): Promise<void> {
  await writeFile(path.join(dir, CLIP_RECORD), JSON.stringify(output));
}
