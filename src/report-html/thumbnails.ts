import path from 'node:path';
import { openImage } from '../frames/image.js';

/**
 * A small JPEG data URI of one frame, for the contact sheet; null when the frame cannot be read
 * (the page then shows a placeholder and says so). openImage also reads the formats sharp cannot
 * (BMP, via the registered decoders).
 */
export async function thumbnail(file: string, height = 64): Promise<string | null> {
  try {
    const img = await openImage(file);
    const buf = await img.resize({ height, withoutEnlargement: false }).jpeg({ quality: 70 }).toBuffer();
    return `data:image/jpeg;base64,${buf.toString('base64')}`;
  } catch {
    return null;
  }
}

export function frameFile(manifestDir: string, rel: string): string {
  return path.resolve(manifestDir, rel);
}
