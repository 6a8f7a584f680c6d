import type { Mat8 } from './mat.js';

// OpenCV 4.x's 8-bit colour→grey is fixed point with 15 fractional bits (R 9798, G 19235, B 3735;
// measured bit-exact against cv2 4.6 and opencv.js, while the older 14-bit set is off by 1 on some
// pixels): unlike sharp's .grayscale(), which differs by up to several levels (docs/optical-flow.md).
const R2Y = 9798;
const G2Y = 19235;
const B2Y = 3735;

/** `cv2.cvtColor(img, COLOR_BGR2GRAY)` (order 'bgr') or `COLOR_RGB2GRAY` (order 'rgb'); 1 channel passes through. */
export function toGray(src: Mat8, order: 'bgr' | 'rgb'): Mat8 {
  if (src.channels === 1) return src;
  if (src.channels !== 3 && src.channels !== 4)
    throw new Error(`expected a grey, 3- or 4-channel image, got ${src.channels} channels`);
  const n = src.width * src.height;
  const out = new Uint8Array(n);
  const c = src.channels;
  const [wFirst, wLast] = order === 'bgr' ? [B2Y, R2Y] : [R2Y, B2Y];
  for (let i = 0, j = 0; i < n; i++, j += c) {
    out[i] =
      ((src.data[j] as number) * wFirst +
        (src.data[j + 1] as number) * G2Y +
        (src.data[j + 2] as number) * wLast +
        16384) >>
      15;
  }
  return { width: src.width, height: src.height, channels: 1, data: out };
}
