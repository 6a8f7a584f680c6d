import { type Mat32, mat32 } from './mat.js';
import { cubicCoeffs } from './resize-tables.js';
import { f32, roundHalfEven } from './round.js';

// cv::remap quantises every sample position to 1/INTER_TAB_SIZE px and reads 4×4 weights from a
// float table built with the same cubic kernel as resize (imgwarp.cpp initInterTab2D).
const TAB = 32;
let table: Float32Array | undefined;

/** The 32×32 table of 4×4 cubic weights (exported for the WebAssembly solver, which reads the same one). */
export function cubicTab(): Float32Array {
  if (table) return table;
  table = new Float32Array(TAB * TAB * 16);
  for (let i = 0; i < TAB; i++) {
    const vy = cubicCoeffs(f32(f32(1 / TAB) * i));
    for (let j = 0; j < TAB; j++) {
      const vx = cubicCoeffs(f32(f32(1 / TAB) * j));
      const base = (i * TAB + j) * 16;
      for (let k1 = 0; k1 < 4; k1++)
        for (let k2 = 0; k2 < 4; k2++)
          table[base + k1 * 4 + k2] = f32((vy[k1] as number) * (vx[k2] as number));
    }
  }
  return table;
}

function short(v: number): number {
  return v < -32768 ? -32768 : v > 32767 ? 32767 : v;
}

/**
 * `cv::remap(src, dst, mapx, mapy, INTER_CUBIC, BORDER_CONSTANT, 0)` on float32: positions rounded
 * to 1/32 px; taps outside the image count as 0, summed in OpenCV's order (interior and border
 * pixels use different orders, which matters in float32).
 */
export function remapCubic(src: Mat32, mapX: Float32Array, mapY: Float32Array, out?: Float32Array): Mat32 {
  const { width: w, height: h, data: s } = src;
  const tab = cubicTab();
  const dst = out ?? new Float32Array(mapX.length);
  const w1 = Math.max(w - 3, 0);
  const h1 = Math.max(h - 3, 0);
  for (let i = 0; i < mapX.length; i++) {
    const qx = roundHalfEven(f32((mapX[i] as number) * TAB));
    const qy = roundHalfEven(f32((mapY[i] as number) * TAB));
    const t = ((qy & (TAB - 1)) * TAB + (qx & (TAB - 1))) * 16;
    const sx = short(qx >> 5) - 1;
    const sy = short(qy >> 5) - 1;
    if (sx >= 0 && sx < w1 && sy >= 0 && sy < h1) {
      let p = sy * w + sx;
      let sum = 0;
      for (let r = 0; r < 4; r++, p += w) {
        const k = t + r * 4;
        const row = f32(
          f32(
            f32(
              f32((s[p] as number) * (tab[k] as number)) + f32((s[p + 1] as number) * (tab[k + 1] as number)),
            ) + f32((s[p + 2] as number) * (tab[k + 2] as number)),
          ) + f32((s[p + 3] as number) * (tab[k + 3] as number)),
        );
        sum = r === 0 ? row : f32(sum + row);
      }
      dst[i] = sum;
    } else if (sx >= w || sx + 4 <= 0 || sy >= h || sy + 4 <= 0) {
      dst[i] = 0;
    } else {
      let sum = 0;
      for (let r = 0; r < 4; r++) {
        const y = sy + r;
        if (y < 0 || y >= h) continue;
        for (let c = 0; c < 4; c++) {
          const x = sx + c;
          if (x < 0 || x >= w) continue;
          sum = f32(sum + f32((s[y * w + x] as number) * (tab[t + r * 4 + c] as number)));
        }
      }
      dst[i] = sum;
    }
  }
  return mat32(w, h, dst);
}
