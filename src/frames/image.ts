import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { MeUnifyError } from '../issues/errors.js';
import { readBmp } from '../sources/bmp.js';

sharp.cache(false); // every frame is read once: caching only costs memory (docs/dependencies.md §4.3)

/** Extensions sharp decodes itself; anything else needs a decoder of ours first. */
export const SHARP_INPUT = /\.(jpe?g|png|webp|tiff?|gif)$/i;

/** Decoders for formats sharp cannot read (BMP, docs/dependencies.md §1), keyed by lower-case extension. */
const decoders = new Map<string, (file: string) => Promise<Sharp>>();

export function registerDecoder(extension: string, decode: (file: string) => Promise<Sharp>): void {
  decoders.set(extension.toLowerCase(), decode);
}

/** A sharp pipeline reading one frame, whatever its format. */
export async function openImage(file: string): Promise<Sharp> {
  if (SHARP_INPUT.test(file)) return sharp(file, { failOn: 'error' });
  const ext = path.extname(file).toLowerCase();
  const decode = decoders.get(ext);
  if (!decode)
    throw new MeUnifyError(
      `${file}: cannot read ${ext || 'extension-less'} images; expected JPEG, PNG, TIFF, WebP or BMP`,
      { file },
    );
  return decode(file);
}

// SMIC frames are BMP (docs/datasets.md §3.2): decoded in sources/bmp.ts and handed to sharp as raw pixels.
registerDecoder('.bmp', async (file) => {
  const image = await readBmp(file);
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
});

/** Width and height from an image's header, without decoding its pixels (sharp formats only). */
export async function imageSize(file: string): Promise<{ width: number; height: number }> {
  const meta = await sharp(file, { failOn: 'error' }).metadata();
  return { width: meta.width ?? 0, height: meta.height ?? 0 };
}
