import { beforeAll, describe, expect, it } from 'vitest';
import { toGray } from '../../src/flow/gray.js';
import { type Mat8, mat32 } from '../../src/flow/mat.js';
import { medianBlur } from '../../src/flow/median.js';
import { remapCubic } from '../../src/flow/remap.js';
import { type Interpolation, resizeFloat, resizeU8 } from '../../src/flow/resize.js';
import { type Cv, loadCv } from './opencv-js.js';

let cv: Cv;
beforeAll(async () => {
  ({ cv } = await loadCv());
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A smooth texture with sharp steps and fine noise, in 0..255 floats. */
function texture(w: number, h: number, seed: number): Float32Array {
  const r = rng(seed);
  const a = Float32Array.from({ length: w * h }, (_, i) => {
    const x = i % w;
    const y = Math.floor(i / w);
    return 128 + 60 * Math.sin(x / 5 + y / 9) + 30 * Math.cos(y / 3.7) + (x > w / 2 ? 20 : 0) + 10 * r();
  });
  return a;
}

function bytes(w: number, h: number, cn: number, seed: number): Uint8Array {
  const r = rng(seed);
  return Uint8Array.from({ length: w * h * cn }, (_, i) => {
    const x = Math.floor(i / cn) % w;
    return Math.max(0, Math.min(255, Math.round(128 + 90 * Math.sin(x / 4 + (i % cn)) + 40 * r())));
  });
}

const INTER: Record<Interpolation, string> = {
  linear: 'INTER_LINEAR',
  area: 'INTER_AREA',
  cubic: 'INTER_CUBIC',
};

function cvResizeFloat(
  w: number,
  h: number,
  data: Float32Array,
  target: { width: number; height: number } | { fx: number; fy: number },
  interp: Interpolation,
): Float32Array {
  const src = cv.matFromArray(h, w, cv.CV_32F, Array.from(data));
  const dst = new cv.Mat();
  if ('fx' in target) cv.resize(src, dst, new cv.Size(0, 0), target.fx, target.fy, cv[INTER[interp]]);
  else cv.resize(src, dst, new cv.Size(target.width, target.height), 0, 0, cv[INTER[interp]]);
  const out = Float32Array.from(dst.data32F);
  src.delete();
  dst.delete();
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] as number) - (b[i] as number)));
  return m;
}

describe('OpenCV primitives, bit-exact against opencv.js', () => {
  it('grey conversion equals cvtColor BGR2GRAY and RGB2GRAY', () => {
    const w = 37;
    const h = 23;
    const data = bytes(w, h, 3, 7);
    const img: Mat8 = { width: w, height: h, channels: 3, data };
    for (const [order, code] of [
      ['bgr', 'COLOR_BGR2GRAY'],
      ['rgb', 'COLOR_RGB2GRAY'],
    ] as const) {
      const src = cv.matFromArray(h, w, cv.CV_8UC3, Array.from(data));
      const dst = new cv.Mat();
      cv.cvtColor(src, dst, cv[code]);
      expect(maxAbsDiff(toGray(img, order).data, dst.data)).toBe(0);
      src.delete();
      dst.delete();
    }
  });

  const floatCases: Array<
    [number, number, { width: number; height: number } | { fx: number; fy: number }, Interpolation]
  > = [
    [64, 48, { fx: 0.8, fy: 0.8 }, 'linear'],
    [51, 41, { fx: 0.8, fy: 0.8 }, 'linear'],
    [41, 33, { width: 51, height: 41 }, 'linear'],
    [128, 128, { width: 28, height: 28 }, 'linear'],
    [20, 18, { width: 40, height: 36 }, 'linear'],
    [128, 96, { width: 28, height: 28 }, 'area'],
    [64, 64, { width: 32, height: 32 }, 'area'],
    [20, 18, { width: 47, height: 31 }, 'area'],
    [128, 96, { width: 28, height: 28 }, 'cubic'],
    [40, 30, { width: 77, height: 51 }, 'cubic'],
  ];
  it.each(floatCases)('float32 resize %ix%i → %o (%s)', (w, h, target, interp) => {
    const data = texture(w, h, w * 31 + h);
    const ours = resizeFloat(mat32(w, h, data), target, interp);
    const ref = cvResizeFloat(w, h, data, target, interp);
    expect(maxAbsDiff(ours.data, ref)).toBe(0);
  });

  const u8Cases: Array<[number, number, number, { width: number; height: number }, Interpolation]> = [
    [224, 224, 3, { width: 128, height: 128 }, 'linear'],
    [224, 224, 1, { width: 28, height: 28 }, 'linear'],
    [170, 140, 1, { width: 128, height: 128 }, 'linear'],
    [224, 224, 3, { width: 28, height: 28 }, 'area'],
    [170, 140, 1, { width: 128, height: 128 }, 'area'],
    [224, 224, 1, { width: 28, height: 28 }, 'cubic'],
    [170, 140, 3, { width: 112, height: 112 }, 'cubic'],
  ];
  it.each(u8Cases)('8-bit resize %ix%ix%i → %o (%s)', (w, h, cn, target, interp) => {
    const data = bytes(w, h, cn, w + h + cn);
    const ours = resizeU8({ width: w, height: h, channels: cn, data }, target, interp);
    const src = cv.matFromArray(h, w, cn === 3 ? cv.CV_8UC3 : cv.CV_8UC1, Array.from(data));
    const dst = new cv.Mat();
    cv.resize(src, dst, new cv.Size(target.width, target.height), 0, 0, cv[INTER[interp]]);
    expect(maxAbsDiff(ours.data, dst.data)).toBe(0);
    src.delete();
    dst.delete();
  });

  it.each([
    [64, 48],
    [29, 31],
  ])('remap INTER_CUBIC with a zero border, %ix%i', (w, h) => {
    const data = texture(w, h, 3);
    const r = rng(11);
    const mx = new Float32Array(w * h);
    const my = new Float32Array(w * h);
    for (let i = 0; i < w * h; i++) {
      // flows up to ±4 px push samples over every border; some positions fall on exact 1/64 ties
      mx[i] = Math.fround((i % w) + (r() - 0.5) * 8 + (i % 7 === 0 ? 1 / 64 : 0));
      my[i] = Math.fround(Math.floor(i / w) + (r() - 0.5) * 8);
    }
    const ours = remapCubic(mat32(w, h, data), mx, my);
    const src = cv.matFromArray(h, w, cv.CV_32F, Array.from(data));
    const mapx = cv.matFromArray(h, w, cv.CV_32F, Array.from(mx));
    const mapy = cv.matFromArray(h, w, cv.CV_32F, Array.from(my));
    const dst = new cv.Mat();
    cv.remap(src, dst, mapx, mapy, cv.INTER_CUBIC, cv.BORDER_CONSTANT, new cv.Scalar(0));
    expect(maxAbsDiff(ours.data, dst.data32F)).toBe(0);
    for (const m of [src, mapx, mapy, dst]) m.delete();
  });

  it.each([3, 5])('medianBlur %i on float32 (replicated border)', (k) => {
    const w = 33;
    const h = 27;
    const data = texture(w, h, 5);
    const ours = medianBlur(mat32(w, h, data), k);
    const src = cv.matFromArray(h, w, cv.CV_32F, Array.from(data));
    const dst = new cv.Mat();
    cv.medianBlur(src, dst, k);
    expect(maxAbsDiff(ours.data, dst.data32F)).toBe(0);
    src.delete();
    dst.delete();
  });
});
