// MEAN's landmark regions (genbing99/MEAN_Spot-then-recognize feature_extraction.py `preProcess`;
// docs/optical-flow.md §1.1): from 68 iBUG landmarks of the 128×128 face, an eyebrow box and a
// mouth box cut from the normalised u/v/strain stack, each resized to 42×21 and stacked to 42×42.
import type { Point } from '../frames/geometry.js';
import { mat32 } from './mat.js';
import { resizeFloat } from './resize.js';

/** Half-open pixel box: columns x0..x1−1, rows y0..y1−1. */
export interface RegionBox {
  name: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Set when the landmarks' box was smaller than the recipe's minimum: that box, clamped. */
  grown_from?: [number, number, number, number];
}

/** Detector score a landmark recipe needs when it names none (data/flow/mean42.json names 0.3). */
export const FACE_MIN_SCORE = 0.3;

const MARGIN = 12;

/**
 * MEAN's two boxes (0-based iBUG-68 indices, landmarks rounded to whole pixels as dlib's are):
 * eyebrows = columns [p17.x − 12, p26.x + 12), rows [min(p19.y, p24.y) − 12, max(p41.y, p46.y) + 12);
 * mouth = columns [p60.x − 12, p64.x + 12), rows [p50.y − 12, p57.y + 12); each clamped to the image
 * (MEAN clamps to 0 and 128, its image size). MEAN also computes p21/p22 boxes but never uses them.
 */
export function meanRegionBoxes(landmarks: readonly Point[], width: number, height: number): RegionBox[] {
  if (landmarks.length !== 68) throw new Error(`expected 68 landmarks, got ${landmarks.length}`);
  const x = (i: number) => Math.round((landmarks[i] as Point)[0]);
  const y = (i: number) => Math.round((landmarks[i] as Point)[1]);
  const lo = (v: number) => Math.max(v - MARGIN, 0);
  const box = (name: string, x0: number, y0: number, x1: number, y1: number): RegionBox => ({
    name,
    x0: lo(x0),
    y0: lo(y0),
    x1: Math.min(x1 + MARGIN, width),
    y1: Math.min(y1 + MARGIN, height),
  });
  return [
    box('eyebrows', x(17), Math.min(y(19), y(24)), x(26), Math.max(y(41), y(46))),
    box('mouth', x(60), y(50), x(64), y(57)),
  ];
}

/**
 * Makes every box at least `min` = [width, height] (never empty): MEAN only clamps, so landmarks
 * that are not a frontal face's (a brow below its eye, a mouth upside down) give it an empty box,
 * on which its `cv2.resize` fails. Here the box is first clamped to the image, then a side shorter
 * than the minimum grows about its centre, shifted to stay inside the image (docs/optical-flow.md §5).
 */
export function atLeast(
  boxes: readonly RegionBox[],
  min: readonly [number, number],
  width: number,
  height: number,
): RegionBox[] {
  const clamp = (v: number, size: number) => Math.min(Math.max(v, 0), size);
  const span = (lo: number, hi: number, want: number, size: number): [number, number] => {
    if (hi - lo >= want) return [lo, hi];
    const len = Math.min(want, size);
    const start = clamp(Math.round((lo + hi - len) / 2), size - len);
    return [start, start + len];
  };
  return boxes.map((b) => {
    const c = {
      x0: clamp(b.x0, width),
      y0: clamp(b.y0, height),
      x1: clamp(b.x1, width),
      y1: clamp(b.y1, height),
    };
    const [x0, x1] = span(c.x0, c.x1, Math.max(1, min[0]), width);
    const [y0, y1] = span(c.y0, c.y1, Math.max(1, min[1]), height);
    if (x0 === c.x0 && x1 === c.x1 && y0 === c.y0 && y1 === c.y1) return { name: b.name, ...c };
    return { name: b.name, x0, y0, x1, y1, grown_from: [c.x0, c.y0, c.x1, c.y1] };
  });
}

/** The boxes a recipe cuts: MEAN's, then at least the recipe's minimum size (1×1 when it names none). */
export function recipeRegionBoxes(
  landmarks: readonly Point[],
  width: number,
  height: number,
  minSize: readonly [number, number] | null,
): RegionBox[] {
  return atLeast(meanRegionBoxes(landmarks, width, height), minSize ?? [1, 1], width, height);
}

/**
 * Cuts each box from every plane (width × height) and resizes it to 42×21 (INTER_LINEAR, in
 * float32 here; MEAN resizes float64), the boxes stacked top to bottom: 42×42 planes.
 */
export function cutRegions(
  planes: readonly Float32Array[],
  width: number,
  height: number,
  boxes: readonly RegionBox[],
): Float32Array[] {
  assertRegions(boxes, width, height);
  const rowsEach = 21;
  return planes.map((plane) => {
    const out = new Float32Array(42 * rowsEach * boxes.length);
    boxes.forEach((b, k) => {
      const w = b.x1 - b.x0;
      const h = b.y1 - b.y0;
      const cut = new Float32Array(w * h);
      for (let r = 0; r < h; r++)
        cut.set(plane.subarray((b.y0 + r) * width + b.x0, (b.y0 + r) * width + b.x1), r * w);
      const resized = resizeFloat(mat32(w, h, cut), { width: 42, height: rowsEach }, 'linear');
      out.set(resized.data, k * 42 * rowsEach);
    });
    return out;
  });
}

/** Throws, naming the region, when a box is empty (landmarks that are not a frontal face's). */
export function assertRegions(boxes: readonly RegionBox[], width: number, height: number): void {
  for (const b of boxes)
    if (b.x1 - b.x0 < 1 || b.y1 - b.y0 < 1)
      throw new Error(
        `the ${b.name} region from the face's landmarks is empty (columns ${b.x0}–${b.x1}, rows ${b.y0}–${b.y1}, end exclusive, in the ${width}x${height} face): the landmarks do not look like a frontal face on this onset frame`,
      );
}
