import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  type FastClipTask,
  type FastResult,
  type FastTask,
  runFastClipTask,
  runFastTask,
} from './fast-jpeg.js';

/**
 * Fast-path frames (fast-jpeg.ts) run on worker threads, each from file to file without leaving
 * its thread. On the main thread the same frame hopped about ten times between JavaScript and
 * libuv's pool (open, stat, read, close, decode, encode, open, write, close), and 2 cores were
 * 1.75 busy; on workers they are 1.95 busy and a frame costs less CPU (README § Performance).
 * Workers start as the frames in flight need them, up to one per core, and never keep the
 * process alive while idle. sharp stays on the main thread (it must not load in workers that
 * end: sharp #2263). From TypeScript sources (tests) there is no compiled worker: tasks then run
 * on the calling thread, the same code; so they do after a worker fails.
 */

/** What a worker is asked: one frame, or a whole blended clip. */
type Job = { task: FastTask } | { clip: FastClipTask };
type ClipResult = ReturnType<typeof runFastClipTask>;

interface Pending {
  job: Job;
  resolve: (r: FastResult | ClipResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

type Reply =
  | { id: number; result: FastResult | ClipResult; error?: undefined }
  | { id: number; error: { message: string; code?: unknown } };

const slots: Slot[] = [];
let nextId = 0;
const workerFile = new URL('./frame-worker.js', import.meta.url);
/** Tasks run on the calling thread: from TypeScript sources, or once a worker has failed. */
let inProcess = import.meta.url.endsWith('.ts');

/** A job run on the calling thread (still after the current one, as on a worker). */
const here = (job: Job) =>
  Promise.resolve().then(() => ('task' in job ? runFastTask(job.task) : runFastClipTask(job.clip)));

/** Runs a frame on the least busy worker (a new one while all are busy and cores remain). */
export function runFast(task: FastTask): Promise<FastResult> {
  return post({ task }) as Promise<FastResult>;
}

/** Blends a whole clip on one worker (frames of one clip must be added in order, by one thread). */
export function runFastClip(clip: FastClipTask): Promise<ClipResult> {
  return post({ clip }) as Promise<ClipResult>;
}

function post(job: Job): Promise<FastResult | ClipResult> {
  if (inProcess) return here(job);
  const slot = pickSlot();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    if (slot.pending.size === 0) slot.worker.ref();
    slot.pending.set(id, { job, resolve, reject });
    slot.worker.postMessage({ id, ...job });
  });
}

function pickSlot(): Slot {
  let best = slots[0];
  for (const s of slots) if (s.pending.size < (best as Slot).pending.size) best = s;
  if (best && (best.pending.size === 0 || slots.length >= os.availableParallelism())) return best;
  return startSlot();
}

function startSlot(): Slot {
  const worker = new Worker(fileURLToPath(workerFile));
  const slot: Slot = { worker, pending: new Map() };
  slots.push(slot);
  worker.unref();
  worker.on('message', (reply: Reply) => {
    const job = slot.pending.get(reply.id);
    if (!job) return;
    slot.pending.delete(reply.id);
    if (slot.pending.size === 0) worker.unref();
    if (reply.error) job.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    else job.resolve(revive(reply.result));
  });
  // A worker that cannot start (node started with options a worker refuses, such as --input-type)
  // or stops: its frames and every later one run on this thread instead (the same code, slower)
  const fail = () => {
    inProcess = true;
    const at = slots.indexOf(slot);
    if (at >= 0) slots.splice(at, 1);
    for (const p of slot.pending.values()) here(p.job).then(p.resolve, p.reject);
    slot.pending.clear();
  };
  worker.on('error', fail);
  worker.on('exit', fail);
  return slot;
}

/** A Buffer posted between threads arrives as a plain Uint8Array. */
function revive(result: FastResult | ClipResult): FastResult | ClipResult {
  if (result.kind !== 'pixels') return result;
  const d = result.frame.data as Uint8Array;
  return {
    kind: 'pixels',
    frame: { ...result.frame, data: Buffer.from(d.buffer, d.byteOffset, d.byteLength) },
  };
}

/** How many frame workers are running (tests). */
export function workerCount(): number {
  return slots.length;
}
