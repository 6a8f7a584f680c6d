import { parentPort } from 'node:worker_threads';
import { type FastTask, runFastTask } from './fast-jpeg.js';

/** A frame worker (frame-pool.ts): runs fast-path tasks one after another, each synchronously. */
parentPort?.on('message', ({ id, task }: { id: number; task: FastTask }) => {
  try {
    const result = runFastTask(task);
    // pixels are handed over, not copied, when they own their whole memory
    const data = result.kind === 'pixels' ? result.frame.data : null;
    const whole = data !== null && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    parentPort?.postMessage({ id, result }, whole ? [data.buffer as ArrayBuffer] : []);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    parentPort?.postMessage({
      id,
      error: { message: error.message, code: (error as { code?: unknown }).code },
    });
  }
});
