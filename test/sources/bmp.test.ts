import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBmp, fixturePixels } from '../../fixtures/bmp.js';
import { copyFrames } from '../../src/frames/copy.js';
import { openImage } from '../../src/frames/image.js';
import { MeUnifyError } from '../../src/issues/errors.js';
import { decodeBmp, readBmp } from '../../src/sources/bmp.js';
import { tempDir } from '../helpers/tmp.js';

const run = promisify(execFile);

// odd width: 24-bit rows need 1 byte of padding (33*3 = 99 → 100), 8-bit rows 3 bytes (33 → 36)
const W = 33;
const H = 17;
let dir: string;
let source: Buffer;
let sourcePng: string;

/** Pixels that exercise every channel independently (not a gradient a swapped channel could match). */
function sourcePixels(): Buffer {
  const px = Buffer.alloc(W * H * 3);
  let seed = 12345;
  for (let i = 0; i < px.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    px[i] = seed >> 16;
  }
  return px;
}

/** Writes a BMP with the independent encoder (ffmpeg) from `input`. */
async function ffmpegBmp(input: string, pixFmt: string, name: string): Promise<string> {
  const out = path.join(dir, name);
  await run(ffmpeg.path, ['-v', 'error', '-y', '-i', input, '-pix_fmt', pixFmt, '-frames:v', '1', out]);
  return out;
}

function expectRejected(bytes: Buffer, pattern: RegExp): void {
  let caught: unknown;
  try {
    decodeBmp(bytes, '/data/s1_ne_01/image000123.bmp');
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(MeUnifyError);
  const message = (caught as Error).message;
  expect(message).toContain('/data/s1_ne_01/image000123.bmp');
  expect(message).toMatch(pattern);
  expect(message).toMatch(/expected an uncompressed Windows BMP/);
}

beforeAll(async () => {
  dir = await tempDir('me-unify-bmp-');
  source = sourcePixels();
  sourcePng = path.join(dir, 'source.png');
  await sharp(source, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toFile(sourcePng);
});

describe('decodeBmp against BMPs written by ffmpeg', () => {
  it('decodes 24-bit BGR (bottom-up, padded rows) to the source pixels exactly', async () => {
    const file = await ffmpegBmp(sourcePng, 'bgr24', 'bgr24.bmp');
    const bytes = await readFile(file);
    expect(bytes.readUInt16LE(28)).toBe(24);
    expect(bytes.readInt32LE(22)).toBe(H); // ffmpeg writes bottom-up
    const image = decodeBmp(bytes, file);
    expect([image.width, image.height, image.channels]).toEqual([W, H, 3]);
    expect(image.data.equals(source)).toBe(true);
  });

  it('decodes 8-bit paletted files to the colours of the paletted source', async () => {
    const palettedPng = path.join(dir, 'paletted.png');
    await sharp(source, { raw: { width: W, height: H, channels: 3 } })
      .png({ palette: true, colours: 64, dither: 0 })
      .toFile(palettedPng);
    const expected = await sharp(palettedPng).removeAlpha().raw().toBuffer();
    const file = await ffmpegBmp(palettedPng, 'pal8', 'pal8.bmp');
    const bytes = await readFile(file);
    expect(bytes.readUInt16LE(28)).toBe(8);
    const image = decodeBmp(bytes, file);
    expect(image.channels).toBe(3);
    expect(image.data.equals(expected)).toBe(true);
  });

  it('decodes 8-bit grey files to one channel', async () => {
    const grey = await sharp(source, { raw: { width: W, height: H, channels: 3 } })
      .greyscale()
      .raw()
      .toBuffer();
    const greyPng = path.join(dir, 'grey.png');
    await sharp(grey, { raw: { width: W, height: H, channels: 1 } })
      .png()
      .toFile(greyPng);
    const file = await ffmpegBmp(greyPng, 'gray', 'gray.bmp');
    const image = decodeBmp(await readFile(file), file);
    expect(image.channels).toBe(1);
    expect(image.data.equals(grey)).toBe(true);
  });

  it('decodes 32-bit BGRA files (colour kept, fourth byte dropped)', async () => {
    const file = await ffmpegBmp(sourcePng, 'bgra', 'bgra.bmp');
    const bytes = await readFile(file);
    expect(bytes.readUInt16LE(28)).toBe(32);
    const image = decodeBmp(bytes, file);
    expect(image.data.equals(source)).toBe(true);
  });

  it('decodes a top-down file (negative height) to the same pixels', async () => {
    const bytes = await readFile(await ffmpegBmp(sourcePng, 'bgr24', 'bgr24-for-flip.bmp'));
    const offset = bytes.readUInt32LE(10);
    const stride = Math.ceil((W * 3) / 4) * 4;
    const flipped = Buffer.from(bytes);
    flipped.writeInt32LE(-H, 22);
    for (let y = 0; y < H; y++)
      bytes.copy(flipped, offset + y * stride, offset + (H - 1 - y) * stride, offset + (H - y) * stride);
    expect(decodeBmp(flipped, 'top-down.bmp').data.equals(source)).toBe(true);
  });

  it('reads the fixture encoder’s files the same way ffmpeg does', async () => {
    const pixels = fixturePixels(W, H, 3);
    for (const options of [
      { bits: 24 as const },
      { bits: 24 as const, topDown: true },
      { bits: 8 as const },
    ]) {
      const file = path.join(dir, `fixture-${options.bits}-${'topDown' in options}.bmp`);
      await writeFile(file, encodeBmp(pixels, options));
      const ours = await readBmp(file);
      expect(ours.data.equals(Buffer.from(pixels.rgb))).toBe(true);
      const { stdout } = await run(
        ffmpeg.path,
        ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
        { encoding: 'buffer' },
      );
      expect(Buffer.from(stdout).equals(Buffer.from(pixels.rgb))).toBe(true);
    }
  });
});

describe('decodeBmp rejects what it cannot read, naming the file', () => {
  let good: Buffer;
  beforeAll(async () => {
    good = await readFile(await ffmpegBmp(sourcePng, 'bgr24', 'bgr24-for-damage.bmp'));
  });
  const damaged = (edit: (b: Buffer) => void) => {
    const copy = Buffer.from(good);
    edit(copy);
    return copy;
  };

  it('a file that is not a BMP', () => {
    expectRejected(
      damaged((b) => b.write('PK', 0, 'latin1')),
      /not the BMP signature 'BM'/,
    );
    expectRejected(Buffer.from('BM'), /too short for a BMP header/);
  });

  it('a truncated file', () => {
    expectRejected(good.subarray(0, good.length - 10), /truncated: 33x17 at 24 bits needs \d+ bytes/);
    expectRejected(good.subarray(0, 30), /truncated inside its 40-byte DIB header/);
  });

  it('compressed files (RLE8, RLE4, JPEG, bit fields with unusual masks)', () => {
    expectRejected(
      damaged((b) => {
        b.writeUInt16LE(8, 28);
        b.writeUInt32LE(1, 30);
      }),
      /compressed with RLE8/,
    );
    expectRejected(
      damaged((b) => {
        b.writeUInt16LE(4, 28);
        b.writeUInt32LE(2, 30);
      }),
      /compressed with RLE4/,
    );
    expectRejected(
      damaged((b) => b.writeUInt32LE(4, 30)),
      /embedded JPEG/,
    );
    expectRejected(
      damaged((b) => b.writeUInt32LE(3, 30)),
      /BI_BITFIELDS/,
    );
    expectRejected(
      damaged((b) => {
        b.writeUInt16LE(32, 28);
        b.writeUInt32LE(3, 30);
        b.writeUInt32LE(0x0000f800, 54);
      }),
      /BI_BITFIELDS masks R=0x0000f800/,
    );
  });

  it('malformed headers', () => {
    expectRejected(
      damaged((b) => b.writeUInt16LE(16, 28)),
      /16 bits per pixel is not supported/,
    );
    expectRejected(
      damaged((b) => b.writeUInt32LE(20, 14)),
      /unknown DIB header size 20/,
    );
    expectRejected(
      damaged((b) => b.writeInt32LE(0, 18)),
      /image size 0x17 is not a plausible frame size/,
    );
    expectRejected(
      damaged((b) => b.writeInt32LE(1 << 20, 22)),
      /not a plausible frame size/,
    );
    expectRejected(
      damaged((b) => b.writeUInt16LE(3, 26)),
      /3 colour planes/,
    );
    expectRejected(
      damaged((b) => b.writeUInt32LE(good.length + 5, 10)),
      /pixel data offset \d+ lies outside/,
    );
  });

  it('a paletted file whose pixels point past the palette', () => {
    const bmp = encodeBmp({ width: 2, height: 1, rgb: Uint8Array.from([1, 2, 3, 4, 5, 6]) }, { bits: 8 });
    bmp[bmp.readUInt32LE(10) + 1] = 9; // the palette has two colours
    expectRejected(bmp, /pixel \(1, 0\) uses colour 9 but the palette has 2 entries/);
  });

  it('a missing file', async () => {
    await expect(readBmp(path.join(dir, 'nope.bmp'))).rejects.toThrow(/nope\.bmp: cannot read/);
  });
});

describe('BMP frames in the frame pipeline', () => {
  it('openImage hands BMP pixels to sharp', async () => {
    const file = await ffmpegBmp(sourcePng, 'bgr24', 'for-sharp.bmp');
    const { data, info } = await (await openImage(file)).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([W, H, 3]);
    expect(data.equals(source)).toBe(true);
    const resized = await (await openImage(file)).resize(8, 6).png().toBuffer();
    expect((await sharp(resized).metadata()).width).toBe(8);
  });

  it('copyFrames writes BMP frames as PNG that sharp reads back pixel for pixel', async () => {
    const file = await ffmpegBmp(sourcePng, 'bgr24', 'to-copy.bmp');
    const outDir = path.join(dir, 'copied');
    await (await import('node:fs/promises')).mkdir(outDir);
    const names = await copyFrames([file], outDir);
    expect(names).toEqual(['000000.png']);
    const back = await sharp(path.join(outDir, '000000.png')).raw().toBuffer();
    expect(back.equals(source)).toBe(true);
  });
});
