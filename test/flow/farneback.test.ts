import { beforeAll, describe, expect, it } from 'vitest';
import { farneback } from '../../src/flow/farneback.js';
import type { FarnebackParams } from '../../src/flow/farneback-params.js';
import { gaussianBlur } from '../../src/flow/gaussian.js';
import { mat32 } from '../../src/flow/mat.js';
import { type Cv, loadCv } from './opencv-js.js';

let cv: Cv;
beforeAll(async () => {
  ({ cv } = await loadCv());
});

/** A smooth synthetic texture moved by (sx, sy) px, 8-bit. */
function frame(w: number, h: number, sx: number, sy: number): Uint8Array {
  return Uint8Array.from({ length: w * h }, (_, i) => {
    const x = (i % w) - sx;
    const y = Math.floor(i / w) - sy;
    const v =
      128 + 60 * Math.sin(x / 5 + y / 9) + 40 * Math.cos(y / 3.7 - x / 7) + 20 * Math.sin((x * y) / 50);
    return Math.max(0, Math.min(255, Math.round(v)));
  });
}

describe('Gaussian blur (the pyramid smoothing)', () => {
  it('equals cv.GaussianBlur on float32 bit for bit, fixed and computed kernels', () => {
    const w = 37;
    const h = 29;
    const data = Float32Array.from({ length: w * h }, (_, i) => 128 + 60 * Math.sin(i / 7) + (i % 11) / 3);
    for (const [n, sigma] of [
      [3, 0],
      [3, 0.5],
      [5, 0.7],
      [9, 1.5],
      [19, 3.5],
    ] as const) {
      const src = cv.matFromArray(h, w, cv.CV_32F, Array.from(data));
      const dst = new cv.Mat();
      cv.GaussianBlur(src, dst, new cv.Size(n, n), sigma, sigma, cv.BORDER_DEFAULT);
      const ref = Float32Array.from(dst.data32F as Float32Array);
      src.delete();
      dst.delete();
      expect([n, sigma, ...gaussianBlur(mat32(w, h, data), n, sigma).data]).toEqual([n, sigma, ...ref]);
    }
  });
});

describe('Farnebäck against opencv.js calcOpticalFlowFarneback', () => {
  const configs: Array<[string, Partial<FarnebackParams>, number[]]> = [
    ['cv2 class defaults', {}, [0.5, 5, 13, 10, 5, 1.1, 0]],
    [
      'tutorial set',
      { levels: 3, winSize: 15, iterations: 3, polyN: 5, polySigma: 1.2 },
      [0.5, 3, 15, 3, 5, 1.2, 0],
    ],
    [
      'Gaussian window, poly 7',
      { pyrScale: 0.6, polyN: 7, polySigma: 1.5, gaussian: true },
      [0.6, 5, 13, 10, 7, 1.5, 256],
    ],
  ];
  // 128² with the defaults (the mean42 size), every configuration at 96×80 and 40×30 (one level)
  const cases = [
    [128, 128, configs[0] as (typeof configs)[number]] as const,
    ...[[96, 80] as const, [40, 30] as const].flatMap(([w, h]) => configs.map((c) => [w, h, c] as const)),
  ];
  for (const [w, h, [name, params, args]] of cases)
    it(`${w}×${h}, ${name}: max end-point error ≤ 1e-5 px`, () => {
      const a = frame(w, h, 0, 0);
      const b = frame(w, h, 0.8, -0.5);
      const A = cv.matFromArray(h, w, cv.CV_8U, Array.from(a));
      const B = cv.matFromArray(h, w, cv.CV_8U, Array.from(b));
      const F = new cv.Mat();
      cv.calcOpticalFlowFarneback(A, B, F, ...args);
      const ref = Float32Array.from(F.data32F as Float32Array);
      for (const m of [A, B, F]) m.delete();
      const r = farneback(mat32(w, h, Float32Array.from(a)), mat32(w, h, Float32Array.from(b)), params);
      let max = 0;
      for (let i = 0; i < w * h; i++)
        max = Math.max(
          max,
          Math.hypot(
            (ref[2 * i] as number) - (r.u[i] as number),
            (ref[2 * i + 1] as number) - (r.v[i] as number),
          ),
        );
      expect(max).toBeLessThanOrEqual(1e-5);
      // and it is a flow: the texture moved by (0.8, −0.5) px
      const mid = (h >> 1) * w + (w >> 1);
      expect(r.u[mid]).toBeCloseTo(0.8, 1);
    });
});
