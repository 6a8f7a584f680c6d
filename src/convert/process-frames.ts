import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { SourceSample } from '../adapters/adapter.js';
import { readCropBoxes } from '../frames/crop-file.js';
import { ensureFaceDetector } from '../frames/face.js';
import { jpegCodec, jpegCodecProblem } from '../frames/jpeg-codec.js';
import { regionDecoding, regionDecodingProblem } from '../frames/jpeg-region.js';
import {
  CLIP_RECORD,
  type ClipOutput,
  type ClipSettings,
  processClip,
  writeClipRecord,
} from '../frames/process-clip.js';
import { type Box, parseCrop, parseSize } from '../frames/spec.js';
import { extractVideoFrames, type VideoSegment, videoSegment } from '../frames/video.js';
import type { IssueLog } from '../issues/issues.js';
import { ProcessingSchema } from '../schema/sample.js';
import { clipDir } from './clip-dir.js';
import { clipHash, writeClip } from './clip-store.js';
import type { ResolvedConvertOptions } from './options.js';
import type { OutputDir } from './output.js';
import { sourceStamps } from './source-stamps.js';
import type { SpanSelection } from './span.js';

/**
 * Bumped when the pixel pipeline's output changes, so resumed runs redo their clips (2: JPEG
 * frames decoded and encoded by libjpeg-turbo, jpeg-codec.ts; 3: cut and shrunk by reduce.ts,
 * decoded by region, jpeg-region.ts).
 */
const PIPELINE_VERSION = 3;

/** The run-wide part of `--frames process`: parsed options, and the crop box file read once. */
export interface ProcessRun {
  settings(id: string): ClipSettings;
  span: ResolvedConvertOptions['span'];
  /** What dataset.json records under frames.options. */
  record: Record<string, unknown>;
}

export async function prepareProcessing(opts: ResolvedConvertOptions, issues: IssueLog): Promise<ProcessRun> {
  const crop = parseCrop(opts.crop);
  const boxes: Map<string, Box> = crop.mode === 'file' ? await readCropBoxes(crop.file, issues) : new Map();
  if (crop.mode === 'face') await ensureFaceDetector();
  const codecProblem = jpegCodecProblem();
  if (codecProblem)
    issues.info(
      'frames.jpeg-codec',
      `${codecProblem}; JPEG frames are decoded and encoded by sharp instead (slower; pixels within the small tolerance README § Performance states)`,
    );
  else {
    const regionProblem = regionDecodingProblem();
    if (regionProblem)
      issues.info(
        'frames.jpeg-codec',
        `${regionProblem}; JPEG frames are decoded whole instead of only the region a crop needs (slower on large frames; pixels within the small tolerance README § Performance states)`,
      );
  }
  const shape = {
    size: opts.size === undefined ? null : parseSize(opts.size),
    fit: opts.fit,
    gray: opts.gray,
    format: opts.imageFormat,
    quality: opts.quality,
  };
  const temporal = { fps: opts.fps, length: opts.length, resample: opts.resample };
  const resampled = opts.fps !== undefined || opts.length !== undefined;
  return {
    span: opts.span,
    settings: (id) => ({
      crop,
      box: crop.mode === 'box' ? crop.box : (boxes.get(id) ?? null),
      align: opts.align,
      margin: opts.margin,
      shape,
      temporal,
    }),
    record: {
      crop: crop.mode === 'file' ? { mode: 'file', file: path.basename(crop.file) } : crop,
      align: opts.align,
      margin: crop.mode === 'face' ? opts.margin : null,
      size: shape.size,
      fit: opts.fit,
      gray: opts.gray,
      image_format: opts.imageFormat,
      quality: opts.imageFormat === 'png' ? null : opts.quality,
      temporal: {
        method: resampled ? opts.resample : 'none',
        fps: opts.fps ?? null,
        length: opts.length ?? null,
        reference:
          resampled && opts.resample === 'tim'
            ? 'Temporal Interpolation Model, Zhou, Zhao & Pietikäinen, CVPR 2011 (path-graph Laplacian embedding)'
            : null,
      },
      pipeline_version: PIPELINE_VERSION,
    },
  };
}

const ClipOutputSchema = z.object({
  names: z.array(z.string()),
  fps: z.number().positive(),
  onset: z.number().int().nonnegative(),
  apex: z.number().int().nonnegative().nullable(),
  offset: z.number().int().nonnegative(),
  processing: ProcessingSchema,
});

/**
 * Processes one sample's frames into `frames/<id>/` of the staging folder, or reuses them when a
 * killed or earlier run already finished this clip with the same inputs and options (the marker
 * hash covers the frames' paths, sizes, times and inodes, the key indices and every pixel option).
 */
export async function processSampleFrames(
  run: ProcessRun,
  s: SourceSample,
  span: SpanSelection,
  output: OutputDir,
): Promise<ClipOutput & { frames: string[] }> {
  const dir = clipDir(output, s);
  const settings = run.settings(s.id);
  // a video-backed sample (MMME trial videos): the span's frames are decoded first, then processed
  const segment: VideoSegment | null =
    s.video && span.frames.length === 0 ? videoSegment(s.video, s.fps, run.span, s) : null;
  const stamps = await sourceStamps(segment ? [segment.path] : span.frames);
  const hash = clipHash({
    v: PIPELINE_VERSION,
    codec: `${jpegCodec()}${regionDecoding() ? ' regions' : ''}`,
    frames: span.frames,
    segment,
    stamps,
    fps: s.fps,
    keys: [span.onset, span.apex, span.offset],
    settings: { ...settings, crop: settings.crop.mode === 'file' ? 'file' : settings.crop },
  });
  const clip = {
    id: s.id,
    frames: span.frames,
    fps: s.fps,
    onset: span.onset,
    apex: span.apex,
    offset: span.offset,
  };
  const guard = (p: string) => output.contain(p);
  let result: ClipOutput | null = null;
  for (let attempt = 0; attempt < 2 && !result; attempt++) {
    const written = await writeClip(
      dir,
      hash,
      async (tmp) => {
        let frames = clip.frames;
        const decoded = path.join(tmp, '.video-frames');
        if (segment) {
          await mkdir(decoded);
          frames = (await extractVideoFrames(segment, decoded)).map((n) => path.join(decoded, n));
        }
        result = await processClip({ ...clip, frames }, settings, tmp);
        if (segment) await rm(decoded, { recursive: true, force: true });
        await writeClipRecord(tmp, result);
        return result.names;
      },
      guard,
    );
    if (!written.reused) break;
    const record = ClipOutputSchema.safeParse(
      await readFile(path.join(dir, CLIP_RECORD), 'utf8')
        .then((t) => JSON.parse(t) as unknown)
        .catch(() => null),
    );
    if (record.success) result = record.data;
    else await rm(await guard(dir), { recursive: true, force: true }); // a finished clip without its record: redo it
  }
  const done = result as ClipOutput | null;
  if (!done) throw new Error(`${s.id}: the clip's processing record could not be read back`);
  return { ...done, frames: done.names.map((n) => ['frames', ...s.id.split('/'), n].join('/')) };
}
