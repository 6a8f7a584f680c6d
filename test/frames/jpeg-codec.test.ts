import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeJpeg, jpegCodec, loadJpegBinding } from '../../src/frames/jpeg-codec.js';
import { readJpegHeader } from '../../src/frames/jpeg-header.js';
import { type ClipSettings, processClip } from '../../src/frames/process-clip.js';
import { renderRaw } from '../../src/frames/render.js';
import { tempDir } from '../helpers/tmp.js';

let work: string;
let colour: string[];
let grey: string[];

/** Textured frames (a gradient, blocks and noise from a fixed seed), so the codecs have detail to disagree on. */
async function frames(dir: string, channels: 1 | 3, count: number): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const width = 96;
  const height = 72;
  let seed = 7 + channels;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const px = Buffer.alloc(width * height * channels);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++)
          px[(y * width + x) * channels + c] = Math.round(
            40 + x + y + 30 * c + 25 * (((x >> 3) + (y >> 3) + i) % 3) + 20 * rnd(),
          );
    const file = path.join(dir, `img${i}.jpg`);
    await sharp(px, { raw: { width, height, channels } }).jpeg({ quality: 90 }).toFile(file);
    files.push(file);
  }
  return files;
}

function settings(over: Partial<ClipSettings['shape']> = {}, length?: number): ClipSettings {
  return {
    crop: { mode: 'box', box: { x: 8, y: 4, w: 64, h: 64 } },
    box: { x: 8, y: 4, w: 64, h: 64 },
    align: false,
    margin: 0,
    shape: {
      size: { width: 48, height: 48 },
      fit: 'cover',
      gray: false,
      format: 'jpg',
      quality: 90,
      ...over,
    },
    temporal: { length, resample: 'linear' },
  };
}

let n = 0;
async function run(files: string[], s: ClipSettings, codec?: 'sharp'): Promise<Buffer[]> {
  if (codec) process.env.ME_UNIFY_JPEG_CODEC = codec;
  else delete process.env.ME_UNIFY_JPEG_CODEC;
  const dir = path.join(work, `out${n++}`);
  await mkdir(dir);
  const out = await processClip(
    { id: 'clip', frames: files, fps: 100, onset: 0, apex: null, offset: files.length - 1 },
    s,
    dir,
  );
  expect((await readdir(dir)).sort()).toEqual([...out.names].sort());
  return Promise.all(out.names.map((name) => readFile(path.join(dir, name))));
}

/** Mean and largest absolute difference of two encoded frames' pixels. */
async function difference(a: Buffer, b: Buffer) {
  const [pa, pb] = await Promise.all([a, b].map((x) => sharp(x).raw().toBuffer({ resolveWithObject: true })));
  expect(pa?.info).toEqual(pb?.info);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < (pa as { data: Buffer }).data.length; i++) {
    const d = Math.abs((pa?.data[i] as number) - (pb?.data[i] as number));
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / (pa as { data: Buffer }).data.length, max };
}

beforeAll(async () => {
  work = await tempDir();
  colour = await frames(path.join(work, 'colour'), 3, 4);
  grey = await frames(path.join(work, 'grey'), 1, 3);
});

afterEach(() => {
  delete process.env.ME_UNIFY_JPEG_CODEC;
});

describe('libjpeg-turbo JPEG path', () => {
  it('is the codec in use here (the optional dependency installed), and sharp when asked for', () => {
    expect(jpegCodec()).toBe('libjpeg-turbo');
    process.env.ME_UNIFY_JPEG_CODEC = 'sharp';
    expect(jpegCodec()).toBe('sharp');
  });

  it('writes the same bytes on every run, direct and blended', async () => {
    for (const s of [settings(), settings({}, 3)]) {
      const first = await run(colour, s);
      const second = await run(colour, s);
      expect(second).toEqual(first);
    }
  });

  // Tolerance against the sharp-only pipeline (the output before this path), on these small, noisy
  // frames: pixels differ by under 2.5 levels on average and at most 24 (measured 1.7–2.3 and
  // 9–17: about one q90 re-encoding's error; libjpeg-turbo's fast integer DCTs against libvips'
  // accurate ones); sizes and channels are identical.
  it('stays within the stated tolerance of the sharp-only pipeline, colour and grey, direct and blended', async () => {
    const cases: [string[], ClipSettings][] = [
      [colour, settings()],
      [colour, settings({}, 3)],
      [grey, settings()],
      [grey, settings({ gray: true })],
      [grey, settings({ gray: true }, 2)],
    ];
    for (const [files, s] of cases) {
      const fast = await run(files, s);
      const slow = await run(files, s, 'sharp');
      expect(fast).toHaveLength(slow.length);
      expect(fast).not.toEqual(slow); // the fast path really ran
      for (const [i, f] of fast.entries()) {
        const d = await difference(f, slow[i] as Buffer);
        expect(d.mean).toBeLessThan(2.5);
        expect(d.max).toBeLessThanOrEqual(24);
      }
    }
  });

  it('loses no more than a tenth more to JPEG than the sharp-only pipeline did', async () => {
    for (const [files, s] of [
      [colour, settings()],
      [grey, settings({ gray: true })],
    ] as const) {
      process.env.ME_UNIFY_JPEG_CODEC = 'sharp';
      const geo = { rotation: 0, box: s.box, frameWidth: 96, frameHeight: 72 };
      const exact = await renderRaw(files[0] as string, geo, s.shape);
      const truth = await sharp(exact.data, {
        raw: { width: exact.width, height: exact.height, channels: exact.channels },
      })
        .toColourspace(exact.channels === 1 ? 'b-w' : 'srgb')
        .png()
        .toBuffer();
      const [fast] = await run(files, s);
      const [slow] = await run(files, s, 'sharp');
      const lossFast = await difference(fast as Buffer, truth);
      const lossSlow = await difference(slow as Buffer, truth);
      expect(lossFast.mean).toBeLessThanOrEqual(lossSlow.mean * 1.1);
    }
  });

  it('keeps the channel layout: a grey source gives 3-channel JPEGs, and 1 channel under --gray', async () => {
    const plain = await run(grey, settings());
    const gray = await run(grey, settings({ gray: true }));
    expect((await sharp(plain[0] as Buffer).metadata()).channels).toBe(3);
    expect((await sharp(gray[0] as Buffer).metadata()).channels).toBe(1);
  });

  it('leaves a JPEG with an ICC profile, and a truncated one, to sharp', async () => {
    const tagged = await sharp(await readFile(colour[0] as string))
      .withIccProfile('p3')
      .jpeg()
      .toBuffer();
    expect(readJpegHeader(tagged)?.icc).toBe(true);
    expect(await decodeJpeg(tagged)).toBeNull();
    const whole = await readFile(colour[1] as string);
    expect(await decodeJpeg(whole)).not.toBeNull();
    // a frame cut short: libjpeg-turbo refuses it, so sharp's failOn rule decides as before
    const cut = path.join(work, 'cut.jpg');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(await decodeJpeg(await readFile(cut))).toBeNull();
    const frames = [colour[0] as string, cut];
    // the same outcome either way: both fail on the frame, naming it (sharp's wording inside the
    // parentheses can differ: libvips' error text is shared between threads)
    const outcome = async (codec?: 'sharp') =>
      run(frames, settings(), codec).then(
        (bytes) => `ok ${bytes.length}`,
        (err: Error) => err.message.replace(/ \(.*\)$/, ''),
      );
    expect(await outcome()).toBe(`${cut}: cannot process this frame`);
    expect(await outcome('sharp')).toBe(`${cut}: cannot process this frame`);
  });

  it('names the package when its binding cannot load', () => {
    const missing = loadJpegBinding('@julusian/no-such-binding');
    expect(missing.binding).toBeNull();
    expect(missing.problem).toMatch(/^@julusian\/no-such-binding could not be loaded \(/);
    expect(loadJpegBinding('@julusian/jpeg-turbo').binding).not.toBeNull();
  });
});

describe('readJpegHeader', () => {
  it('reads size, components, precision and coding from the frame header', async () => {
    const progressive = await sharp(await readFile(grey[0] as string))
      .toColourspace('b-w')
      .jpeg({ progressive: true })
      .toBuffer();
    expect(readJpegHeader(progressive)).toEqual({
      width: 96,
      height: 72,
      components: 1,
      precision: 8,
      huffman: true,
      icc: false,
    });
    expect(readJpegHeader(await readFile(colour[0] as string))).toMatchObject({ components: 3, icc: false });
    expect(readJpegHeader(Buffer.from('not a jpeg'))).toBeNull();
    expect(readJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
  });
});
