import { createRequire } from 'node:module';
import path from 'node:path';
import pLimit from 'p-limit';
import sharp from 'sharp';
import { MeUnifyError } from '../issues/errors.js';
import type { Point } from './geometry.js';
import { openImage } from './image.js';
import type { Box } from './spec.js';

/** The face found on one frame: the detector's box, its score and the 68 landmarks (pixels). */
export interface Face {
  box: Box;
  score: number;
  landmarks: Point[];
}

// The few parts of @vladmandic/face-api and tfjs used here (both optional dependencies).
interface Tensor {
  dispose(): void;
}
interface Tf {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  getBackend(): string;
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): Tensor;
}
interface Detected {
  detection: { score: number; box: { x: number; y: number; width: number; height: number } };
  landmarks: { positions: { x: number; y: number }[] };
}
interface FaceApi {
  tf: Tf;
  nets: {
    tinyFaceDetector: { loadFromDisk(dir: string): Promise<void> };
    faceLandmark68Net: { loadFromDisk(dir: string): Promise<void> };
  };
  TinyFaceDetectorOptions: new (o: { inputSize: number; scoreThreshold: number }) => object;
  detectAllFaces(
    input: Tensor,
    options: object,
  ): PromiseLike<{ score: number }[]> & { withFaceLandmarks(): Promise<Detected[]> };
  detectFaceLandmarks(input: Tensor): Promise<{ positions: { x: number; y: number }[] }>;
}

const INSTALL =
  'npm install @vladmandic/face-api@1.7.15 @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0';

let loading: Promise<FaceApi> | null = null;
// the wasm backend runs one inference at a time; queueing keeps tensors from piling up
const oneAtATime = pLimit(1);

/**
 * Loads the detector once, on first use: face-api's node-wasm build on tfjs's WebAssembly
 * backend, weights from the package's own `model/` folder — nothing is downloaded
 * (docs/dependencies.md §2, face-api notes).
 */
function loadFaceApi(): Promise<FaceApi> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    let api: FaceApi;
    let modelDir: string;
    try {
      api = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
      modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
    } catch (err) {
      throw new MeUnifyError(
        `--crop face needs the optional face detector, which is not installed (${err instanceof Error ? err.message.split('\n')[0] : err}); install it with: ${INSTALL}`,
        { cause: err },
      );
    }
    // in Node the wasm backend reads its .wasm files from its own package folder (no URL is set)
    await api.tf.setBackend('wasm');
    await api.tf.ready();
    await api.nets.tinyFaceDetector.loadFromDisk(modelDir);
    await api.nets.faceLandmark68Net.loadFromDisk(modelDir);
    return api;
  })();
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** Loads the detector now, so a missing package stops the run once, before any clip, with the install command. */
export async function ensureFaceDetector(): Promise<void> {
  await loadFaceApi();
}

/** Decodes `file` to 8-bit RGB (grey frames are repeated over 3 channels for the detector). */
async function rgbPixels(file: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await (await openImage(file))
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 3) return { data, width: info.width, height: info.height };
  const rgb = new Uint8Array(info.width * info.height * 3);
  for (let i = 0; i < info.width * info.height; i++) {
    const v = data[i * info.channels] ?? 0;
    rgb[i * 3] = v;
    rgb[i * 3 + 1] = v;
    rgb[i * 3 + 2] = v;
  }
  return { data: rgb, width: info.width, height: info.height };
}

/**
 * The largest face on `file` (a micro-expression clip films one person; bystanders in the
 * background are smaller), or null when none is found. Never guesses a place.
 */
export async function detectFace(file: string, minScore = 0.5): Promise<Face | null> {
  const api = await loadFaceApi();
  const { data, width, height } = await rgbPixels(file);
  const found = await oneAtATime(async () => {
    const tensor = api.tf.tensor3d(data, [height, width, 3], 'int32');
    try {
      return await api
        .detectAllFaces(tensor, new api.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: minScore }))
        .withFaceLandmarks();
    } finally {
      tensor.dispose();
    }
  });
  let best: Detected | null = null;
  for (const f of found) {
    const area = f.detection.box.width * f.detection.box.height;
    if (!best || area > best.detection.box.width * best.detection.box.height) best = f;
  }
  if (!best) return null;
  const b = best.detection.box;
  const x = Math.max(0, Math.round(b.x));
  const y = Math.max(0, Math.round(b.y));
  return {
    box: {
      x,
      y,
      w: Math.max(1, Math.min(width, Math.round(b.x + b.width)) - x),
      h: Math.max(1, Math.min(height, Math.round(b.y + b.height)) - y),
    },
    score: Math.round(best.detection.score * 1e4) / 1e4,
    landmarks: best.landmarks.positions.map(
      (p): Point => [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10],
    ),
  };
}

/** An 8-bit image in memory, grey or RGB, interleaved. */
export interface RawImage {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array;
}

function toRgb(img: RawImage): Uint8Array {
  const n = img.width * img.height;
  const rgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < 3; c++)
      rgb[i * 3 + c] = img.data[i * img.channels + (img.channels === 1 ? 0 : c)] ?? 0;
  return rgb;
}

/**
 * The 68 landmarks of an image that is already a face crop (8-bit grey or RGB, interleaved), with
 * the whole image as the face box — as MEAN runs dlib's predictor on `rectangle(0, 0, 128, 128)`.
 */
export async function landmarksOfFaceCrop(img: RawImage): Promise<Point[]> {
  const api = await loadFaceApi();
  const rgb = toRgb(img);
  const found = await oneAtATime(async () => {
    const tensor = api.tf.tensor3d(rgb, [img.height, img.width, 3], 'int32');
    try {
      return await api.detectFaceLandmarks(tensor);
    } finally {
      tensor.dispose();
    }
  });
  return found.positions.map((p): Point => [p.x, p.y]);
}

/** Edge-replicated margins, as fractions of the larger side, tried by `faceScoreOfCrop`. */
const CROP_MARGINS = [0.25, 0.5];

/**
 * Whether an image that is already a face crop shows a face: the best score of face-api's
 * detector over the crop with a replicated margin around it (the detector misses faces that fill
 * the whole frame, as converted crops do), or null when it finds none at `minScore`.
 */
export async function faceScoreOfCrop(img: RawImage, minScore: number): Promise<number | null> {
  const api = await loadFaceApi();
  const rgb = toRgb(img);
  let best: number | null = null;
  for (const margin of CROP_MARGINS) {
    const pad = Math.round(margin * Math.max(img.width, img.height));
    const { data, info } = await sharp(rgb, { raw: { width: img.width, height: img.height, channels: 3 } })
      .extend({ top: pad, bottom: pad, left: pad, right: pad, extendWith: 'copy' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const found = await oneAtATime(async () => {
      const tensor = api.tf.tensor3d(data, [info.height, info.width, 3], 'int32');
      try {
        return await api.detectAllFaces(
          tensor,
          new api.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: minScore }),
        );
      } finally {
        tensor.dispose();
      }
    });
    for (const f of found) best = Math.max(best ?? 0, f.score);
  }
  return best === null ? null : Math.round(best * 1e4) / 1e4;
}
