import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy, flowNpy } from '../../src/flow/npy.js';
import { opticalStrain } from '../../src/flow/strain.js';

describe('.npy writer', () => {
  it('writes numpy format 1.0, little-endian float32, 64-byte aligned data, (H, W, 2) u then v', () => {
    const bytes = flowNpy(3, 2, Float32Array.of(1, 2, 3, 4, 5, 6), Float32Array.of(-1, -2, -3, -4, -5, -6));
    expect(String.fromCharCode(...bytes.subarray(1, 6))).toBe('NUMPY');
    const headerLen = new DataView(bytes.buffer).getUint16(8, true);
    expect((10 + headerLen) % 64).toBe(0);
    const r = decodeNpy(bytes);
    expect(r.shape).toEqual([2, 3, 2]);
    expect([...r.data.subarray(0, 4)]).toEqual([1, -1, 2, -2]);
    expect(new DataView(bytes.buffer).getFloat32(10 + headerLen + 4, true)).toBe(-1);
    expect(decodeNpy(encodeNpy([4], Float32Array.of(1, 2, 3, 4))).shape).toEqual([4]);
  });
});

describe('optical strain', () => {
  // u = a·x, v = b·y + c·x: u_x = a, v_y = b, u_y + v_x = c, so ε = √(a² + b² + c²/2) away from borders
  const w = 6;
  const h = 5;
  const u = Float32Array.from({ length: w * h }, (_, i) => 0.5 * (i % w));
  const v = Float32Array.from({ length: w * h }, (_, i) => 0.25 * Math.floor(i / w) + 0.1 * (i % w));
  const expected = Math.sqrt(0.5 ** 2 + 0.25 ** 2 + 0.5 * 0.1 ** 2);

  it('backward-diff: interior exact, first row and column take 0 for the missing difference', () => {
    const s = opticalStrain({ width: w, height: h, u, v }, 'backward-diff');
    expect(s[2 * w + 3]).toBeCloseTo(expected, 6);
    // at (0, 0) every derivative is 0
    expect(s[0]).toBe(0);
    // first row: v_y = 0, so only u_x and v_x remain
    expect(s[3]).toBeCloseTo(Math.sqrt(0.5 ** 2 + 0.5 * 0.1 ** 2), 6);
  });

  it('sobel3: unscaled 3×3 Sobel (8× the slope) in the interior, reflect-101 at the border', () => {
    const s = opticalStrain({ width: w, height: h, u, v }, 'sobel3');
    expect(s[2 * w + 3]).toBeCloseTo(8 * expected, 5);
    // reflect-101 makes the derivative across the border 0: at (0, 2) u_x = 0 and v_x = 0
    expect(s[2 * w]).toBeCloseTo(8 * 0.25, 5);
  });
});
