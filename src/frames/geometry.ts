import type { Box } from './spec.js';

export type Point = [number, number];

/** Why `box` does not fit a `width`×`height` image, or null when it does. */
export function boxProblem(box: Box, width: number, height: number): string | null {
  if (box.x + box.w <= width && box.y + box.h <= height) return null;
  return `crop box x=${box.x} y=${box.y} w=${box.w} h=${box.h} reaches beyond the ${width}x${height} frame`;
}

/**
 * A square around everything given (the detector's box and the landmarks), grown by `margin` of
 * its side, moved (never shrunk) to stay inside the image; shrunk only when the image itself is
 * narrower than the square.
 */
export function squareAround(
  boxes: readonly Box[],
  points: readonly Point[],
  margin: number,
  width: number,
  height: number,
): Box {
  const xs = [...boxes.flatMap((b) => [b.x, b.x + b.w]), ...points.map((p) => p[0])];
  const ys = [...boxes.flatMap((b) => [b.y, b.y + b.h]), ...points.map((p) => p[1])];
  const left = Math.min(...xs);
  const right = Math.max(...xs);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const side = Math.min(
    width,
    height,
    Math.max(1, Math.round(Math.max(right - left, bottom - top) * (1 + margin))),
  );
  const x = clamp(Math.round(cx - side / 2), 0, width - side);
  const y = clamp(Math.round(cy - side / 2), 0, height - side);
  return { x, y, w: side, h: side };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/**
 * Degrees to rotate (clockwise, as sharp's `rotate`) so the eye line is level, from the 68
 * landmarks (iBUG order: 36–41 the eye on the image's left, 42–47 the other).
 */
export function levellingAngle(landmarks: readonly Point[]): number {
  const centre = (from: number, to: number): Point => {
    const pts = landmarks.slice(from, to + 1);
    return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
  };
  const [lx, ly] = centre(36, 41);
  const [rx, ry] = centre(42, 47);
  return -(Math.atan2(ry - ly, rx - lx) * 180) / Math.PI;
}

/**
 * Where point `p` of a `w`×`h` image lands after sharp's `rotate(angle)`, which turns the image
 * clockwise about its centre onto a canvas of `outW`×`outH` (the rotated image's bounding box).
 */
export function rotatePoint(
  p: Point,
  angle: number,
  w: number,
  h: number,
  outW: number,
  outH: number,
): Point {
  const a = (angle * Math.PI) / 180;
  const dx = p[0] - w / 2;
  const dy = p[1] - h / 2;
  return [outW / 2 + dx * Math.cos(a) - dy * Math.sin(a), outH / 2 + dx * Math.sin(a) + dy * Math.cos(a)];
}
