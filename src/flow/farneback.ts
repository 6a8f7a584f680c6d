// OpenCV's calcOpticalFlowFarneback (video/src/optflowgf.cpp, CPU path; docs/optical-flow.md §8):
// a pyramid of Gaussian-smoothed, linearly resized frames, polynomial expansion per level, then
// `iterations` box- or Gaussian-window updates, coarse to fine.
import { FARNEBACK_DEFAULTS, type FarnebackParams } from './farneback-params.js';
import { polyExpansion } from './farneback-poly.js';
import { updateFlowBox, updateFlowGaussian, updateMatrices } from './farneback-update.js';
import { gaussianBlur } from './gaussian.js';
import { type Mat32, mat32 } from './mat.js';
import { resizeFloat } from './resize.js';
import { f32, roundHalfEven } from './round.js';
import type { Tvl1Result } from './tvl1.js';

/** OpenCV stops the pyramid before a level under 32 px. */
const MIN_SIZE = 32;

/** The flow from `i0` to `i1` (grey, 0–255 floats), as `cv2.calcOpticalFlowFarneback(i0, i1, None, …)`. */
export function farneback(i0: Mat32, i1: Mat32, params: Partial<FarnebackParams> = {}): Tvl1Result {
  const p = { ...FARNEBACK_DEFAULTS, ...params };
  if (i0.width !== i1.width || i0.height !== i1.height)
    throw new Error(`the two images differ in size: ${i0.width}x${i0.height} and ${i1.width}x${i1.height}`);
  let levels = 0;
  for (let scale = 1; levels < p.levels; levels++) {
    scale *= p.pyrScale;
    if (i0.width * scale < MIN_SIZE || i0.height * scale < MIN_SIZE) break;
  }
  let prev: { u: Mat32; v: Mat32 } | null = null;
  let flow = new Float32Array(0);
  let width = 0;
  let height = 0;
  for (let k = levels; k >= 0; k--) {
    let scale = 1;
    for (let i = 0; i < k; i++) scale *= p.pyrScale;
    const sigma = (1 / scale - 1) * 0.5;
    const smooth = Math.max(roundHalfEven(sigma * 5) | 1, 3);
    width = roundHalfEven(i0.width * scale);
    height = roundHalfEven(i0.height * scale);
    flow = new Float32Array(width * height * 2);
    if (prev) {
      // resize(prevFlow, Size(width, height), INTER_LINEAR), then *= 1/pyrScale (float scale)
      const up = f32(1 / p.pyrScale);
      const u = resizeFloat(prev.u, { width, height }, 'linear').data;
      const v = resizeFloat(prev.v, { width, height }, 'linear').data;
      for (let i = 0; i < width * height; i++) {
        flow[i * 2] = f32((u[i] as number) * up);
        flow[i * 2 + 1] = f32((v[i] as number) * up);
      }
    }
    const [R0, R1] = [i0, i1].map((img) =>
      polyExpansion(
        resizeFloat(gaussianBlur(img, smooth, sigma), { width, height }, 'linear'),
        p.polyN,
        p.polySigma,
      ),
    ) as [Float32Array, Float32Array];
    const M = new Float32Array(width * height * 5);
    updateMatrices(R0, R1, flow, M, width, height, 0, height);
    const step = p.gaussian ? updateFlowGaussian : updateFlowBox;
    for (let i = 0; i < p.iterations; i++)
      step(R0, R1, flow, M, width, height, p.winSize, i < p.iterations - 1);
    const u = new Float32Array(width * height);
    const v = new Float32Array(width * height);
    for (let i = 0; i < width * height; i++) {
      u[i] = flow[i * 2] as number;
      v[i] = flow[i * 2 + 1] as number;
    }
    prev = { u: mat32(width, height, u), v: mat32(width, height, v) };
  }
  const last = prev as { u: Mat32; v: Mat32 };
  return { width, height, u: last.u.data, v: last.v.data, scalesUsed: levels + 1 };
}
