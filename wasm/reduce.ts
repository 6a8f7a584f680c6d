// AssemblyScript, compiled by `npm run wasm` into src/frames/reduce-wasm.ts (WebAssembly SIMD).
// The separable Lanczos3 reduction of src/frames/reduce.ts: pixels live in this module's memory,
// laid out by the caller; weights are 12-bit fixed point (4096 = 1), as libvips' reduce uses.

/**
 * One pass of the reduction along the rows: output row j is the weighted sum of input rows
 * starts[j] .. starts[j] + taps - 1 (weights[j * taps + k], i16), rounded and clamped to 0..255,
 * for `rowBytes` bytes (every byte alike, so any number of channels). 16 bytes at a time: the
 * caller pads each output row and the input buffer to a multiple of 16.
 */
export function reduceRows(
  src: usize,
  srcStride: i32,
  rowBytes: i32,
  outRows: i32,
  dst: usize,
  dstStride: i32,
  starts: usize,
  weights: usize,
  taps: i32,
): void {
  const half = i32x4.splat(2048);
  const pairs = taps >> 1;
  const stride = <usize>srcStride;
  for (let j = 0; j < outRows; j++) {
    const first = src + <usize>(load<i32>(starts + ((<usize>j) << 2)) * srcStride);
    const w = weights + <usize>(j * taps * 2);
    const out = dst + <usize>(j * dstStride);
    for (let b = 0; b < rowBytes; b += 16) {
      let a0 = half;
      let a1 = half;
      let a2 = half;
      let a3 = half;
      let p = first + <usize>b;
      // two taps at once: the two rows' bytes interleaved, each pair times (w[k], w[k+1]) summed
      // by one dot product (integers, so the sum is the same as tap by tap)
      for (let k = 0; k < pairs; k++) {
        const wk = i32x4.splat(load<i32>(w + ((<usize>k) << 2)));
        const u = v128.load(p);
        const v = v128.load(p + stride);
        const lo = i8x16.shuffle(u, v, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
        const hi = i8x16.shuffle(u, v, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
        a0 = i32x4.add(a0, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(lo), wk));
        a1 = i32x4.add(a1, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(lo), wk));
        a2 = i32x4.add(a2, i32x4.dot_i16x8_s(i16x8.extend_low_i8x16_u(hi), wk));
        a3 = i32x4.add(a3, i32x4.dot_i16x8_s(i16x8.extend_high_i8x16_u(hi), wk));
        p += stride << 1;
      }
      if (taps & 1) {
        const wk = i16x8.splat(load<i16>(w + ((<usize>(taps - 1)) << 1)));
        const v = v128.load(p);
        const lo = i16x8.extend_low_i8x16_u(v);
        const hi = i16x8.extend_high_i8x16_u(v);
        a0 = i32x4.add(a0, i32x4.extmul_low_i16x8_s(lo, wk));
        a1 = i32x4.add(a1, i32x4.extmul_high_i16x8_s(lo, wk));
        a2 = i32x4.add(a2, i32x4.extmul_low_i16x8_s(hi, wk));
        a3 = i32x4.add(a3, i32x4.extmul_high_i16x8_s(hi, wk));
      }
      const l = i16x8.narrow_i32x4_s(i32x4.shr_s(a0, 12), i32x4.shr_s(a1, 12));
      const h = i16x8.narrow_i32x4_s(i32x4.shr_s(a2, 12), i32x4.shr_s(a3, 12));
      v128.store(out + <usize>b, i8x16.narrow_i16x8_u(l, h));
    }
  }
}

/**
 * Transposes `width` × `height` pixels of `channels` bytes (1 to 4): pixel (x, y) of src goes to
 * (y, x) of dst.
 */
export function transpose(
  src: usize,
  srcStride: i32,
  width: i32,
  height: i32,
  channels: i32,
  dst: usize,
  dstStride: i32,
): void {
  if (channels === 1) {
    for (let y = 0; y < height; y++) {
      const row = src + <usize>(y * srcStride);
      const col = dst + <usize>y;
      for (let x = 0; x < width; x++) store<u8>(col + <usize>(x * dstStride), load<u8>(row + <usize>x));
    }
  } else if (channels === 3) {
    for (let y = 0; y < height; y++) {
      const row = src + <usize>(y * srcStride);
      const col = dst + <usize>(y * 3);
      for (let x = 0; x < width; x++) {
        const s = row + <usize>(x * 3);
        const d = col + <usize>(x * dstStride);
        store<u16>(d, load<u16>(s));
        store<u8>(d + 2, load<u8>(s + 2));
      }
    }
  } else {
    for (let y = 0; y < height; y++) {
      const row = src + <usize>(y * srcStride);
      const col = dst + <usize>(y * channels);
      for (let x = 0; x < width; x++)
        memory.copy(col + <usize>(x * dstStride), row + <usize>(x * channels), <usize>channels);
    }
  }
}

/** As `transpose` for one grey channel, writing each pixel three times (grey as RGB). */
export function transposeToRgb(
  src: usize,
  srcStride: i32,
  width: i32,
  height: i32,
  dst: usize,
  dstStride: i32,
): void {
  for (let y = 0; y < height; y++) {
    const row = src + <usize>(y * srcStride);
    const col = dst + <usize>(y * 3);
    for (let x = 0; x < width; x++) {
      const v = load<u8>(row + <usize>x);
      const d = col + <usize>(x * dstStride);
      store<u16>(d, <u16>(<u32>v * 0x101));
      store<u8>(d + 2, v);
    }
  }
}

/**
 * Reads `bytes` bytes from `src` in order, one load per 64-byte line, and returns a checksum no
 * one uses. A region fresh from the JPEG decoder has mostly left the caches by the time the
 * vertical pass reads it, and that pass meets each row first in a short run the hardware does not
 * prefetch: one sequential sweep first costs less than those misses (README § Performance).
 */
export function touch(src: usize, bytes: i32): i32 {
  let sum: i32 = 0;
  for (let i = 0; i < bytes; i += 64) sum += <i32>load<u8>(src + <usize>i);
  return sum;
}
