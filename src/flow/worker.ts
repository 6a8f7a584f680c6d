// Worker-thread side of the flow pool: computes pairs posted by pool.ts.
import { parentPort } from 'node:worker_threads';
import type { Point } from '../frames/geometry.js';
import { computePair } from './compute.js';
import type { Mat8 } from './mat.js';
import type { Recipe } from './recipe.js';
import type { Tvl1Params } from './tvl1-params.js';

interface Job {
  id: number;
  onset: Mat8;
  apex: Mat8;
  recipe: Recipe;
  params: Partial<Tvl1Params>;
  landmarks: Point[] | null;
}

parentPort?.on('message', (job: Job) => {
  try {
    const result = computePair(job.onset, job.apex, job.recipe, job.params, job.landmarks);
    parentPort?.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
