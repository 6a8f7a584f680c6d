import { openImage } from '../frames/image.js';
import { toGray } from './gray.js';
import type { Mat8 } from './mat.js';

/**
 * A frame as OpenCV's `cvtColor(imread(path), BGR2GRAY)` sees it: decoded colour (sharp and
 * libjpeg decode identically on the files measured), then OpenCV's fixed-point grey, never sharp's.
 */
export async function readGrey(file: string): Promise<Mat8> {
  const { data, info } = await (await openImage(file)).raw().toBuffer({ resolveWithObject: true });
  const img: Mat8 = {
    width: info.width,
    height: info.height,
    channels: info.channels,
    data: new Uint8Array(data),
  };
  if (info.channels === 2) return { ...img, channels: 1, data: img.data.filter((_, i) => i % 2 === 0) };
  return toGray(img, 'rgb');
}
