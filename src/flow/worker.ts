// Worker-thread side of the flow pool: computes pairs posted by pool.ts.
import { parentPort } from 'node:worker_threads';
import type { Point } from '../frames/geometry.js';
import { computePair, type PairResult } from './compute.js';
import type { Mat8 } from './mat.js';
import type { Recipe } from './recipe.js';
import type { Tvl1Params } from './tvl1-params.js';
import { wasmScaleSolver } from './tvl1-wasm.js';

interface Job {
  id: number;
  onset: Mat8;
  apex: Mat8;
  recipe: Recipe;
  params: Partial<Tvl1Params>;
  landmarks: Point[] | null;
}

// compile the SIMD solver now, not during the first pair, then tell the pool this worker is ready
wasmScaleSolver();
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (job: Job) => {
  try {
    const result = computePair(job.onset, job.apex, job.recipe, job.params, job.landmarks);
    parentPort?.postMessage({ id: job.id, result }, ownBuffers(result));
  } catch (err) {
    parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});

/** The result's arrays move to the main thread instead of being copied (each owns its buffer). */
function ownBuffers(r: PairResult): ArrayBuffer[] {
  const views = [r.flowNpy, r.strain, r.image?.data].filter(
    (v): v is Uint8Array | Float32Array =>
      v != null && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength,
  );
  return [...new Set(views.map((v) => v.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}
