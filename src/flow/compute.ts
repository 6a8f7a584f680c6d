import type { Point } from '../frames/geometry.js';
import { type EngineParams, runEngine } from './engine.js';
import { type Mat8, mat32, toFloat } from './mat.js';
import { flowNpy } from './npy.js';
import type { Recipe } from './recipe.js';
import { cutRegions, recipeRegionBoxes } from './regions.js';
import { resizeFloat, resizeU8 } from './resize.js';
import { roundHalfEven } from './round.js';
import { opticalStrain } from './strain.js';

/** Everything one onset→apex pair yields under a recipe (plain data: it crosses worker threads). */
export interface PairResult {
  width: number;
  height: number;
  scalesUsed: number;
  /** `.npy` bytes, shape (H, W, 2): u then v. */
  flowNpy: Uint8Array;
  /** Strain as float32 (H × W), or null when the recipe has none. */
  strain: Float32Array | null;
  /** The recipe's derived image: interleaved 8-bit, `channels` per pixel, or null. */
  image: { width: number; height: number; channels: number; data: Uint8Array } | null;
}

/**
 * Runs one pair: optional 8-bit resize, the engine's flow (TV-L1 unless `params.engine` says), strain, then the recipe's stack/resize/normalise
 * (and landmark regions, from `landmarks` on the flow-sized face, when the recipe has them).
 */
export function computePair(
  onset: Mat8,
  apex: Mat8,
  recipe: Recipe,
  params: EngineParams,
  landmarks: readonly Point[] | null = null,
): PairResult {
  let a = onset;
  let b = apex;
  if (recipe.input.size) {
    const [width, height] = recipe.input.size;
    a = resizeU8(a, { width, height }, recipe.input.resize ?? 'linear');
    b = resizeU8(b, { width, height }, recipe.input.resize ?? 'linear');
  }
  const flow = runEngine(toFloat(a), toFloat(b), params);
  const strain = recipe.strain ? opticalStrain(flow, recipe.strain) : null;
  let image: PairResult['image'] = null;
  if (recipe.output) {
    const planes = [flow.u, flow.v, ...(strain ? [strain] : [])].map((p) =>
      mat32(flow.width, flow.height, p),
    );
    const [ow, oh] = recipe.output.size;
    let normalised: Float64Array[] | Float32Array[];
    if (recipe.output.regions === 'mean-landmarks') {
      if (!landmarks) throw new Error(`recipe ${recipe.name} needs the face's 68 landmarks`);
      const boxes = recipeRegionBoxes(landmarks, flow.width, flow.height, recipe.output.region_min_size);
      normalised = cutRegions(
        planes.map((p) => Float32Array.from(normalise(p.data))),
        flow.width,
        flow.height,
        boxes,
      );
    } else {
      normalised = planes.map((p) =>
        normalise(
          p.width === ow && p.height === oh
            ? p.data
            : resizeFloat(p, { width: ow, height: oh }, recipe.output?.resize ?? 'area').data,
        ),
      );
    }
    const cn = normalised.length;
    const data = new Uint8Array(ow * oh * cn);
    normalised.forEach((n, c) => {
      for (let i = 0; i < n.length; i++) data[i * cn + c] = roundHalfEven((n[i] as number) * 255);
    });
    image = { width: ow, height: oh, channels: cn, data };
  }
  return {
    width: flow.width,
    height: flow.height,
    scalesUsed: flow.scalesUsed,
    flowNpy: flowNpy(flow.width, flow.height, flow.u, flow.v),
    strain,
    image,
  };
}

/** Per-channel min-max to [0, 1] (cv2.normalize NORM_MINMAX: a constant channel becomes all 0). */
export function normalise(p: Float32Array): Float64Array {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of p) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  return Float64Array.from(p, (v) => (range > 0 ? (v - lo) / range : 0));
}
