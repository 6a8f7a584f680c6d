import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Point } from '../frames/geometry.js';
import { computePair, type PairResult } from './compute.js';
import type { Mat8 } from './mat.js';
import type { Recipe } from './recipe.js';
import type { Tvl1Params } from './tvl1-params.js';

export type PairRunner = {
  run(
    onset: Mat8,
    apex: Mat8,
    recipe: Recipe,
    params: Partial<Tvl1Params>,
    landmarks?: readonly Point[] | null,
  ): Promise<PairResult>;
  /** Resolves once every worker has started and loaded the solver (pairs can be posted before). */
  ready(): Promise<void>;
  close(): Promise<void>;
};

/**
 * Pairs in parallel on worker threads (one per core by default). From TypeScript sources (tests)
 * there is no compiled worker to start, so pairs then run on the calling thread.
 */
export function pairPool(threads = os.availableParallelism()): PairRunner {
  const workerFile = new URL('./worker.js', import.meta.url);
  if (import.meta.url.endsWith('.ts') || threads <= 1) {
    return {
      run: async (a, b, r, p, l) => computePair(a, b, r, p, l ?? null),
      ready: async () => {},
      close: async () => {},
    };
  }
  // started once and kept for every pair of the run (a worker costs tens of ms to start)
  const workers = Array.from({ length: threads }, () => new Worker(fileURLToPath(workerFile)));
  const started = Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const onMessage = (m: { ready?: boolean }) => {
            if (!m.ready) return;
            w.off('message', onMessage);
            resolve();
          };
          w.on('message', onMessage);
        }),
    ),
  );
  const idle = [...workers];
  const waiting: Array<() => void> = [];
  let next = 0;
  const pending = new Map<
    number,
    { resolve: (r: PairResult) => void; reject: (e: Error) => void; worker: Worker }
  >();
  for (const w of workers)
    w.on('message', (m: { id: number; result?: PairResult; error?: string }) => {
      const job = pending.get(m.id);
      if (!job) return;
      pending.delete(m.id);
      idle.push(job.worker);
      waiting.shift()?.();
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(m.result as PairResult);
    });
  return {
    async run(onset, apex, recipe, params, landmarks = null) {
      while (idle.length === 0) await new Promise<void>((r) => waiting.push(r));
      const worker = idle.pop() as Worker;
      const id = next++;
      return new Promise<PairResult>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker });
        worker.postMessage({ id, onset, apex, recipe, params, landmarks });
      });
    },
    async ready() {
      await started;
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
