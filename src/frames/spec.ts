import { z } from 'zod';
import { FPS_MAX, FPS_MIN } from '../schema/bounds.js';

/** A pixel rectangle: left, top, width, height. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type CropSpec =
  | { mode: 'none' }
  | { mode: 'box'; box: Box }
  | { mode: 'file'; file: string }
  | { mode: 'face' };

export type Fit = 'cover' | 'contain' | 'pad';
export type ImageFormat = 'jpg' | 'png' | 'webp';
export type Resample = 'nearest' | 'linear' | 'tim';

/** Everything the pixel pipeline needs; it never knows which dataset a clip comes from. */
export const ProcessOptionsShape = z.object({
  crop: z.string().default('none'),
  /** face crop: rotate every frame so the eyes are level (angle from the detection frame). */
  align: z.boolean().default(false),
  /** face crop: extra border around the face, as a fraction of the face's side. */
  margin: z.number().min(0).max(3).default(0.2),
  size: z.string().optional(),
  fit: z.enum(['cover', 'contain', 'pad']).default('cover'),
  gray: z.boolean().default(false),
  imageFormat: z.enum(['jpg', 'png', 'webp']).default('jpg'),
  quality: z.number().int().min(1).max(100).default(90),
  /** The band validate accepts (schema/bounds.ts): a processed clip must pass its own validate. */
  fps: z.number().min(FPS_MIN).max(FPS_MAX).optional(),
  length: z.number().int().min(2).max(100_000).optional(),
  resample: z.enum(['nearest', 'linear', 'tim']).default('linear'),
});
export type ProcessOptions = z.output<typeof ProcessOptionsShape>;

/** What is wrong with a combination of processing options (each names the option), or []. */
export function processOptionProblems(o: ProcessOptions & { frames?: string }): string[] {
  const problems: string[] = [];
  if (o.frames !== undefined && o.frames !== 'process') {
    const given = Object.entries({
      '--crop': o.crop !== 'none',
      '--align': o.align,
      '--margin': o.margin !== 0.2,
      '--size': o.size !== undefined,
      '--fit': o.fit !== 'cover',
      '--gray': o.gray,
      '--image-format': o.imageFormat !== 'jpg',
      '--quality': o.quality !== 90,
      '--fps': o.fps !== undefined,
      '--length': o.length !== undefined,
      '--resample': o.resample !== 'linear',
    })
      .filter(([, set]) => set)
      .map(([flag]) => flag);
    // silently ignoring them would hand back unprocessed frames the user believes are processed
    if (given.length > 0)
      problems.push(`${given.join(', ')} only apply with --frames process (got --frames ${o.frames})`);
  }
  if (o.fps !== undefined && o.length !== undefined) problems.push('give --fps or --length, not both');
  if (o.align && o.crop !== 'face')
    problems.push('--align levels the eyes found by --crop face; it needs --crop face');
  for (const [flag, check] of [
    ['--crop', () => parseCrop(o.crop)],
    ['--size', () => (o.size === undefined ? null : parseSize(o.size))],
  ] as const) {
    try {
      check();
    } catch (err) {
      problems.push(`${flag}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return problems;
}

/**
 * `none` | `face` | `x,y,w,h` (one box for every frame) | a CSV file of per-sample boxes
 * (`id,x,y,w,h`). Anything that is not one of the first three is taken as a file path.
 */
export function parseCrop(value: string): CropSpec {
  const v = value.trim();
  if (v === 'none') return { mode: 'none' };
  if (v === 'face') return { mode: 'face' };
  if (/^[\d\s,.+-]+$/.test(v)) {
    const parts = v.split(',').map((p) => p.trim());
    const nums = parts.map(Number);
    if (parts.length !== 4 || nums.some((n, i) => !/^\d+$/.test(parts[i] ?? '') || !Number.isSafeInteger(n)))
      throw new Error(`expected a crop box as x,y,w,h in whole pixels (e.g. 80,40,320,320), got '${value}'`);
    const [x, y, w, h] = nums as [number, number, number, number];
    if (w <= 0 || h <= 0) throw new Error(`crop box '${value}' has a zero width or height`);
    return { mode: 'box', box: { x, y, w, h } };
  }
  if (v === '') throw new Error('expected none, face, x,y,w,h or a CSV file of boxes; got an empty value');
  return { mode: 'file', file: v };
}

/** `224` (square) or `224x160` (width x height). */
export function parseSize(value: string): { width: number; height: number } {
  const m = /^(\d+)(?:[xX×](\d+))?$/.exec(value.trim());
  const width = m ? Number(m[1]) : Number.NaN;
  const height = m?.[2] !== undefined ? Number(m[2]) : width;
  if (!m || width < 1 || height < 1 || width > 16_384 || height > 16_384)
    throw new Error(`expected a size as N or WxH (1 to 16384 pixels, e.g. 224 or 256x192), got '${value}'`);
  return { width, height };
}

/** `--shard i/n`: the i-th of n parts (1-based). */
export function parseShard(value: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count)
    throw new Error(`expected --shard i/n with 1 ≤ i ≤ n (e.g. 2/8), got '${value}'`);
  return { index, count };
}
