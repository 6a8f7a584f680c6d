import { open } from 'node:fs/promises';

/** Bytes read from the start of a video: every container signature below fits. */
const PROBE = 16;

/** Container signatures (magic bytes) of the videos ME datasets ship and ffmpeg reads. */
function containerOf(head: Buffer): string | null {
  const ascii = (from: number, to: number) => head.toString('latin1', from, to);
  if (ascii(0, 4) === 'RIFF' && ascii(8, 11) === 'AVI') return 'AVI';
  if (['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot'].includes(ascii(4, 8))) return 'MP4/MOV';
  if (head.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]))) return 'MKV/WebM';
  if (head.subarray(0, 4).equals(Buffer.from([0x30, 0x26, 0xb2, 0x75]))) return 'ASF/WMV';
  if (head.subarray(0, 4).equals(Buffer.from([0x00, 0x00, 0x01, 0xba]))) return 'MPEG-PS';
  if (ascii(0, 3) === 'FLV') return 'FLV';
  return null;
}

function looksLikeText(head: Buffer): boolean {
  return [...head].every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127));
}

/**
 * Why `file` is not a video, or null when it is. Cheap: it reads the first bytes only (a full
 * decode is convert's job). `unknown` is a binary file of no container listed here: ffmpeg may
 * still read it, so the caller reports it as a warning, not an error.
 */
export async function videoProblem(file: string): Promise<{ problem: string; unknown: boolean } | null> {
  const handle = await open(file, 'r');
  let head: Buffer;
  try {
    const size = (await handle.stat()).size;
    if (size === 0) return { problem: 'is empty (0 bytes)', unknown: false };
    head = Buffer.alloc(Math.min(PROBE, size));
    await handle.read(head, 0, head.length, 0);
  } finally {
    await handle.close();
  }
  if (containerOf(head)) return null;
  if (looksLikeText(head)) return { problem: 'is a text file, not a video', unknown: false };
  if (head.length < 12)
    return { problem: `is too short to be a video (${head.length} bytes)`, unknown: false };
  return {
    problem: `is not a known video container (starts with bytes ${head.subarray(0, 8).toString('hex')}); expected AVI, MP4/MOV, MKV/WebM, WMV, MPEG or FLV`,
    unknown: true,
  };
}
