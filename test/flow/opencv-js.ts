// opencv.js (npm @techstark/opencv-js, a devDependency) as the oracle for OpenCV primitives.
import { createRequire } from 'node:module';

// biome-ignore lint/suspicious/noExplicitAny: the WASM module has no usable types
export type Cv = any;

let loaded: Promise<{ cv: Cv }> | undefined;

/**
 * The module object is itself a thenable, so it travels wrapped: resolving a promise (or returning
 * from an async function) with it would never settle.
 */
export function loadCv(): Promise<{ cv: Cv }> {
  loaded ??= new Promise((resolve) => {
    const cv = createRequire(import.meta.url)('@techstark/opencv-js');
    if (cv.Mat) resolve({ cv });
    else cv.onRuntimeInitialized = () => resolve({ cv });
  });
  return loaded;
}
