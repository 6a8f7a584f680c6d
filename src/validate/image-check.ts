import { imageSize } from '../frames/image.js';
import { readBmp } from '../sources/bmp.js';
import { openRegular } from '../sources/regular-file.js';

/** Bytes read from each end of a file: enough for every header and end marker we look at. */
const PROBE = 64;

type Kind = 'jpeg' | 'png' | 'bmp' | 'tiff' | 'webp' | 'gif';

function kindOf(head: Buffer): Kind | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head.toString('latin1', 0, 2) === 'BM') return 'bmp';
  const tiff = head.toString('latin1', 0, 4);
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return 'tiff';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (head.toString('latin1', 0, 3) === 'GIF') return 'gif';
  return null;
}

function looksLikeText(head: Buffer): boolean {
  return head.length > 0 && [...head].every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
}

/** BMP goes through me-unify's own decoder (sharp has no BMP input, docs/dependencies.md §1): it is what convert will use. */
async function bmpProblem(file: string): Promise<string | null> {
  try {
    await readBmp(file);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return `is not a BMP me-unify can read: ${message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message}`;
  }
}

/** The end-of-file marker each format must close with; a cut-off download lacks it. */
function trailerProblem(kind: Kind, tail: Buffer): string | null {
  if (kind === 'jpeg' && !tail.includes(Buffer.from([0xff, 0xd9])))
    return 'is a truncated JPEG (no end-of-image marker FFD9)';
  if (kind === 'png' && !tail.includes(Buffer.from('IEND', 'latin1')))
    return 'is a truncated PNG (no IEND chunk)';
  return null;
}

/**
 * Why `file` is not a readable frame, or null when it is. Fast: it reads the first and last bytes
 * and lets sharp parse the header (`metadata()`), without decoding pixels.
 */
export async function imageProblem(file: string): Promise<string | null> {
  const handle = await openRegular(file, 'frame');
  let head: Buffer;
  let tail: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    if (size === 0) return 'is empty (0 bytes)';
    head = Buffer.alloc(Math.min(PROBE, size));
    await handle.read(head, 0, head.length, 0);
    tail = Buffer.alloc(Math.min(PROBE, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
  } finally {
    await handle.close();
  }
  const kind = kindOf(head);
  if (!kind) {
    return looksLikeText(head)
      ? 'is a text file, not an image'
      : `is not an image (starts with bytes ${head.subarray(0, 4).toString('hex')}); expected JPEG, PNG, BMP, TIFF or WebP`;
  }
  if (kind === 'bmp') return bmpProblem(file);
  const trailer = trailerProblem(kind, tail);
  if (trailer) return trailer;
  try {
    const size = await imageSize(file);
    if (!size.width || !size.height) return `is a ${kind.toUpperCase()} with no picture size`;
  } catch (err) {
    return `cannot be decoded as ${kind.toUpperCase()} (${err instanceof Error ? err.message : err})`;
  }
  return null;
}
