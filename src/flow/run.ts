import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { OutputDir } from '../convert/output.js';
import { ensureFaceDetector, faceScoreOfCrop, landmarksOfFaceCrop } from '../frames/face.js';
import type { Point } from '../frames/geometry.js';
import { describeError, MeUnifyError } from '../issues/errors.js';
import { locateManifest, readManifest } from '../manifest/read.js';
import type { Sample } from '../schema/sample.js';
import { TOOL_VERSION } from '../version.js';
import type { PairResult } from './compute.js';
import { type Engine, type EngineParams, engineRecord } from './engine.js';
import { FARNEBACK_DEFAULTS, type FarnebackParams } from './farneback-params.js';
import type { Mat8 } from './mat.js';
import { encodeNpy } from './npy.js';
import { pairPool } from './pool.js';
import { readGrey } from './read-grey.js';
import { loadRecipe, type Recipe } from './recipe.js';
import { assertRegions, FACE_MIN_SCORE, type RegionBox, recipeRegionBoxes } from './regions.js';
import { resizeU8 } from './resize.js';
import { TVL1_DEFAULTS, type Tvl1Params } from './tvl1-params.js';

export interface FlowOptions {
  /** A converted output folder (or its manifest). */
  input: string;
  out: string;
  recipe: string;
  /** TV-L1 parameters (OpenCV's defaults unless given). */
  params?: Partial<Tvl1Params>;
  /** 'tvl1' (default) or 'farneback'. */
  engine?: Engine;
  /** Farnebäck parameters (cv2.FarnebackOpticalFlow_create's defaults unless given). */
  farneback?: Partial<FarnebackParams>;
  onError?: 'fail' | 'skip';
  overwrite?: boolean;
  threads?: number;
}

/** One line of flows.jsonl: links a flow to its sample so LOSO / MEGC splits apply unchanged. */
export interface FlowEntry {
  id: string;
  dataset: string;
  subject: string;
  label: string | null;
  kind: string;
  onset_frame: string;
  apex_frame: string;
  apex_source: string;
  flow: string;
  strain: string | null;
  image: string | null;
  width: number;
  height: number;
  scales_used: number;
  /** Landmark recipes: face-api's detector score on the onset (the face was found). */
  face_score?: number;
  /** Landmark recipes: the boxes cut, in the flow-sized frame (`grown_from` when widened to the minimum). */
  regions?: RegionBox[];
}

export interface FlowResult {
  out: string;
  written: number;
  resumed: number;
  problems: Array<{ id: string; message: string }>;
}

export interface FlowProgress {
  done: number;
  total: number;
  frames: number;
}

/** `me-unify flow`: onset→apex flow for every sample of a converted dataset, under one recipe. */
export async function flowDataset(
  opts: FlowOptions,
  onProgress?: (p: FlowProgress) => void,
): Promise<FlowResult> {
  const recipe = await loadRecipe(opts.recipe).catch((err: unknown) => {
    throw new MeUnifyError(describeError(err), { exitCode: 2 });
  });
  const params: EngineParams =
    opts.engine === 'farneback'
      ? { engine: 'farneback', farneback: { ...FARNEBACK_DEFAULTS, ...opts.farneback } }
      : { ...TVL1_DEFAULTS, ...opts.params };
  // a recipe with landmark regions needs the optional face-api: stop once, before any sample
  if (recipe.output?.regions) await ensureFaceDetector();
  const loc = await locateManifest(opts.input);
  const samples = await readManifest(opts.input);
  const outDir = new OutputDir(opts.out);
  await outDir.prepare(loc.dir, opts.overwrite ?? false);
  const threads = opts.threads ?? os.availableParallelism();
  const pool = pairPool(threads);
  // frames are decoded only a little ahead of the workers, so memory stays flat on big datasets
  const limit = pLimit(threads * 2);
  const entries = new Map<string, FlowEntry>();
  const problems: FlowResult['problems'] = [];
  let resumed = 0;
  let done = 0;
  try {
    await Promise.all(
      samples.map((s) =>
        limit(async () => {
          try {
            const entry = await flowOne(s, loc.dir, outDir, recipe, params, pool, () => resumed++);
            entries.set(s.id, entry);
          } catch (err) {
            const message = `sample ${s.id}: ${describeError(err)}`;
            if ((opts.onError ?? 'fail') === 'fail')
              throw new MeUnifyError(`${message} (pass --on-error skip to go on without it)`);
            problems.push({ id: s.id, message });
          } finally {
            onProgress?.({ done: ++done, total: samples.length, frames: done * 2 });
          }
        }),
      ),
    );
  } finally {
    await pool.close();
  }
  const ordered = samples.flatMap((s) => (entries.has(s.id) ? [entries.get(s.id) as FlowEntry] : []));
  await outDir.writeFile(
    'flows.jsonl',
    ordered.map((e) => JSON.stringify(e)).join('\n') + (ordered.length ? '\n' : ''),
  );
  await outDir.writeFile(
    'flow.json',
    `${JSON.stringify({ tool: 'me-unify', version: TOOL_VERSION, ...engineRecord(params), recipe, source: loc.manifest, count: ordered.length, problems }, null, 2)}\n`,
  );
  await outDir.commit();
  return { out: outDir.final, written: ordered.length, resumed, problems };
}

async function flowOne(
  s: Sample,
  root: string,
  outDir: OutputDir,
  recipe: Recipe,
  params: EngineParams,
  pool: ReturnType<typeof pairPool>,
  onResumed: () => void,
): Promise<FlowEntry> {
  if (s.apex === null) throw new Error('has no apex frame (the flow runs from onset to apex)');
  const onset = s.frames[s.onset];
  const apex = s.frames[s.apex];
  if (onset === undefined || apex === undefined)
    throw new Error(
      `frames onset ${s.onset} / apex ${s.apex} are not in its ${s.frames.length} listed frames`,
    );
  const safe = s.id.replace(/[^A-Za-z0-9._-]/g, '_');
  const rel = {
    flow: `flows/${safe}.npy`,
    strain: recipe.strain ? `strain/${safe}.npy` : null,
    image: recipe.output?.png ? `images/${safe}.png` : null,
  };
  const entryFile = `entries/${safe}.json`;
  // resumable: a sample whose entry was written (last, atomically) in a killed run is done
  const previous = await readFile(path.join(outDir.staging, entryFile), 'utf8').catch(() => null);
  if (previous !== null) {
    onResumed();
    return JSON.parse(previous) as FlowEntry;
  }
  const read = async (rel: string) => {
    const file = path.join(root, rel);
    await stat(file).catch(() => {
      throw new Error(`frame ${file} is missing`);
    });
    return readGrey(file).catch((err: unknown) => {
      throw new Error(`frame ${file} could not be decoded: ${describeError(err)}`);
    });
  };
  const [a, b] = await Promise.all([read(onset), read(apex)]);
  if (a.width !== b.width || a.height !== b.height)
    throw new Error(`onset ${onset} is ${a.width}x${a.height} but apex ${apex} is ${b.width}x${b.height}`);
  const face = await landmarks(a, recipe, onset);
  const r: PairResult = await pool.run(a, b, recipe, params, face?.points ?? null);
  await outDir.writeFile(rel.flow, r.flowNpy);
  if (rel.strain && r.strain) await outDir.writeFile(rel.strain, encodeNpy([r.height, r.width], r.strain));
  if (rel.image && r.image) {
    const { width, height, channels, data } = r.image;
    await outDir.writeFile(
      rel.image,
      await sharp(data, { raw: { width, height, channels: channels as 3 } })
        .png()
        .toBuffer(),
    );
  }
  const entry: FlowEntry = {
    id: s.id,
    dataset: s.dataset,
    subject: s.subject,
    label: s.label,
    kind: s.kind,
    onset_frame: onset,
    apex_frame: apex,
    apex_source: s.apex_source,
    flow: rel.flow,
    strain: rel.strain,
    image: rel.image,
    width: r.width,
    height: r.height,
    scales_used: r.scalesUsed,
    ...(face ? { face_score: face.score, regions: face.boxes } : {}),
  };
  await outDir.writeFile(entryFile, JSON.stringify(entry));
  return entry;
}

/**
 * For a recipe with landmark regions: face-api's 68 landmarks on the onset frame as the flow sees
 * it (resized to the recipe's input size), the whole frame taken as the face box. MEAN runs dlib's
 * predictor on the first frame of the video; face-api's points follow the same iBUG-68 scheme.
 * The landmark net places 68 points on any image, so face-api's detector must first find a face
 * there; without one the sample is reported (never a made-up box).
 */
async function landmarks(
  onset: Mat8,
  recipe: Recipe,
  file: string,
): Promise<{ points: Point[]; score: number; boxes: RegionBox[] } | null> {
  if (!recipe.output?.regions) return null;
  const [width, height] = recipe.input.size ?? [onset.width, onset.height];
  const face =
    width === onset.width && height === onset.height
      ? onset
      : resizeU8(onset, { width, height }, recipe.input.resize ?? 'linear');
  const minScore = recipe.output.face_min_score ?? FACE_MIN_SCORE;
  const score = await faceScoreOfCrop(face, minScore);
  if (score === null)
    throw new Error(
      `face-api finds no face on the onset frame ${file} (detector score under ${minScore} on the ${width}x${height} frame the flow uses): recipe ${recipe.name} cuts regions from the face's landmarks`,
    );
  const points = await landmarksOfFaceCrop(face);
  const boxes = recipeRegionBoxes(points, width, height, recipe.output.region_min_size);
  assertRegions(boxes, width, height);
  return { points, score, boxes };
}
