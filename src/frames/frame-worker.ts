import { parentPort } from 'node:worker_threads';
import { type FastClipTask, type FastTask, runFastClipTask, runFastTask } from './fast-jpeg.js';

/** A frame worker (frame-pool.ts): runs frames and blended clips one after another, each synchronously. */
parentPort?.on('message', (message: { id: number; task?: FastTask; clip?: FastClipTask }) => {
  const { id } = message;
  try {
    const result = message.clip ? runFastClipTask(message.clip) : runFastTask(message.task as FastTask);
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
