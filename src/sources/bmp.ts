import { readFile } from 'node:fs/promises';
import { MeUnifyError } from '../issues/errors.js';

/**
 * A minimal Windows BMP decoder. sharp cannot read BMP (docs/dependencies.md §1, §2 "BMP decode") and
 * SMIC ships its frames as BMP (docs/datasets.md §3.2), so frames are decoded here and handed to sharp
 * as raw pixels. Supported: uncompressed 24- and 32-bit, 1/4/8-bit paletted, bottom-up and
 * top-down, any row padding, BITMAPCOREHEADER (OS/2) and BITMAPINFOHEADER v1–v5, BI_BITFIELDS
 * only with the plain 8-bit-per-channel masks. Everything else is rejected with a message naming
 * the file and what was expected, never guessed at.
 */
export interface RawImage {
  width: number;
  height: number;
  /** 1 when every palette entry is grey, else 3 (RGB; a 32-bit file's fourth byte is not kept). */
  channels: 1 | 3;
  /** Rows top to bottom, `channels` bytes per pixel, no padding. */
  data: Buffer;
}

const FILE_HEADER = 14;
const CORE_HEADER = 12;
/** Known DIB header sizes: INFO (40), v2 (52), v3 (56), v4 (108), v5 (124); 64 is OS/2 v2. */
const INFO_HEADERS = new Set([40, 52, 56, 64, 108, 124]);
/** Frames are at most a few thousand pixels wide; a larger header value means a broken file. */
const MAX_SIDE = 1 << 15;

const COMPRESSION_NAMES: Record<number, string> = {
  1: 'RLE8',
  2: 'RLE4',
  3: 'BI_BITFIELDS',
  4: 'embedded JPEG',
  5: 'embedded PNG',
  6: 'BI_ALPHABITFIELDS',
};

function fail(file: string, problem: string): MeUnifyError {
  return new MeUnifyError(
    `${file}: ${problem}; expected an uncompressed Windows BMP (24- or 32-bit, or 1/4/8-bit paletted)`,
    { file },
  );
}

/** Decodes a whole BMP file held in memory. `file` only names the file in error messages. */
export function decodeBmp(bytes: Uint8Array, file: string): RawImage {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < FILE_HEADER + CORE_HEADER)
    throw fail(file, `only ${buf.length} bytes, too short for a BMP header`);
  if (buf.toString('latin1', 0, 2) !== 'BM')
    throw fail(
      file,
      `starts with ${JSON.stringify(buf.toString('latin1', 0, 2))}, not the BMP signature 'BM'`,
    );
  const pixelOffset = buf.readUInt32LE(10);
  const dibSize = buf.readUInt32LE(14);
  if (dibSize !== CORE_HEADER && !INFO_HEADERS.has(dibSize))
    throw fail(file, `unknown DIB header size ${dibSize}`);
  if (buf.length < FILE_HEADER + dibSize)
    throw fail(file, `truncated inside its ${dibSize}-byte DIB header (${buf.length} bytes)`);

  const core = dibSize === CORE_HEADER;
  const width = core ? buf.readUInt16LE(18) : buf.readInt32LE(18);
  const rawHeight = core ? buf.readInt16LE(20) : buf.readInt32LE(22);
  const planes = buf.readUInt16LE(core ? 22 : 26);
  const bits = buf.readUInt16LE(core ? 24 : 28);
  const compression = core ? 0 : buf.readUInt32LE(30);
  const colorsUsed = core ? 0 : buf.readUInt32LE(46);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);

  if (width <= 0 || height === 0 || width > MAX_SIDE || height > MAX_SIDE)
    throw fail(file, `image size ${width}x${rawHeight} is not a plausible frame size`);
  if (planes !== 1) throw fail(file, `${planes} colour planes (the format requires 1)`);
  if (![1, 4, 8, 24, 32].includes(bits)) throw fail(file, `${bits} bits per pixel is not supported`);
  if (compression === 3 && bits === 32) {
    checkPlainMasks(buf, dibSize, file);
  } else if (compression !== 0) {
    const name = COMPRESSION_NAMES[compression] ?? `compression type ${compression}`;
    throw fail(file, `compressed with ${name}, which is not supported; re-save it uncompressed`);
  }

  const stride = Math.floor((bits * width + 31) / 32) * 4;
  if (pixelOffset < FILE_HEADER + dibSize || pixelOffset > buf.length)
    throw fail(file, `pixel data offset ${pixelOffset} lies outside the file (${buf.length} bytes)`);
  const needed = pixelOffset + stride * height;
  if (buf.length < needed)
    throw fail(
      file,
      `truncated: ${width}x${height} at ${bits} bits needs ${needed} bytes, the file has ${buf.length}`,
    );

  const rowStart = (y: number) => pixelOffset + (topDown ? y : height - 1 - y) * stride;
  if (bits === 24 || bits === 32) {
    const step = bits / 8;
    const data = Buffer.allocUnsafe(width * height * 3);
    for (let y = 0; y < height; y++) {
      let src = rowStart(y);
      let dst = y * width * 3;
      for (let x = 0; x < width; x++, src += step, dst += 3) {
        data[dst] = buf[src + 2] as number;
        data[dst + 1] = buf[src + 1] as number;
        data[dst + 2] = buf[src] as number;
      }
    }
    return { width, height, channels: 3, data };
  }

  const palette = readPalette(buf, dibSize, bits, colorsUsed, pixelOffset, file);
  const grey = palette.every((c) => c[0] === c[1] && c[1] === c[2]);
  const channels = grey ? 1 : 3;
  const data = Buffer.allocUnsafe(width * height * channels);
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  for (let y = 0; y < height; y++) {
    const start = rowStart(y);
    for (let x = 0; x < width; x++) {
      const byte = buf[start + Math.floor(x / perByte)] as number;
      const shift = 8 - bits * ((x % perByte) + 1);
      const index = (byte >> shift) & mask;
      const color = palette[index];
      if (!color)
        throw fail(
          file,
          `pixel (${x}, ${y}) uses colour ${index} but the palette has ${palette.length} entries`,
        );
      const dst = (y * width + x) * channels;
      if (grey) data[dst] = color[0];
      else {
        data[dst] = color[0];
        data[dst + 1] = color[1];
        data[dst + 2] = color[2];
      }
    }
  }
  return { width, height, channels, data };
}

/** Palette entries as [r, g, b]; 4 bytes each (BGRX), 3 for the OS/2 core header. */
function readPalette(
  buf: Buffer,
  dibSize: number,
  bits: number,
  colorsUsed: number,
  pixelOffset: number,
  file: string,
): [number, number, number][] {
  const max = 1 << bits;
  if (colorsUsed > max) throw fail(file, `palette of ${colorsUsed} colours for a ${bits}-bit image`);
  const count = colorsUsed || max;
  const entry = dibSize === CORE_HEADER ? 3 : 4;
  const start = FILE_HEADER + dibSize;
  // v3 INFO headers with BI_BITFIELDS put 12 bytes of masks here, but paletted files never do.
  if (start + count * entry > pixelOffset)
    throw fail(file, `its ${count}-colour palette overlaps the pixel data at offset ${pixelOffset}`);
  const out: [number, number, number][] = [];
  for (let i = 0; i < count; i++) {
    const p = start + i * entry;
    out.push([buf[p + 2] as number, buf[p + 1] as number, buf[p] as number]);
  }
  return out;
}

/** BI_BITFIELDS is accepted only with the masks that make it identical to plain 32-bit BGRX. */
function checkPlainMasks(buf: Buffer, dibSize: number, file: string): void {
  // INFO (40) keeps the masks right after the header; v2+ headers keep them inside it at 40..51.
  const at = FILE_HEADER + 40;
  if (buf.length < at + 12) throw fail(file, 'truncated inside its BI_BITFIELDS colour masks');
  const [r, g, b] = [buf.readUInt32LE(at), buf.readUInt32LE(at + 4), buf.readUInt32LE(at + 8)];
  if (r !== 0x00ff0000 || g !== 0x0000ff00 || b !== 0x000000ff) {
    const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
    throw fail(
      file,
      `BI_BITFIELDS masks R=${hex(r)} G=${hex(g)} B=${hex(b)} (header ${dibSize} bytes) are not the plain 8-bit channels`,
    );
  }
}

/** Reads and decodes a BMP file. */
export async function readBmp(file: string): Promise<RawImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new MeUnifyError(`${file}: cannot read (${err instanceof Error ? err.message : err})`, {
      file,
      cause: err,
    });
  }
  return decodeBmp(bytes, file);
}
