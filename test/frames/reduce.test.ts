import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeRegion, loadRegionDecoder, regionDecoding } from '../../src/frames/jpeg-region.js';
import {
  type Area,
  prepareReduction,
  type Reduction,
  reduceArea,
  reducePlan,
} from '../../src/frames/reduce.js';
import { framePipeline, type OutputShape, renderRaw } from '../../src/frames/render.js';
import { tempDir } from '../helpers/tmp.js';

/** Face-like texture: gradient, blocks and noise from a fixed seed (detail for the filters to disagree on). */
function texture(width: number, height: number, channels: 1 | 3, seed0: number): Buffer {
  let seed = seed0;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const px = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++)
        px[(y * width + x) * channels + c] = Math.round(
          30 + (x * 90) / width + (y * 60) / height + 25 * c + 30 * (((x >> 3) + (y >> 2)) % 3) + 40 * rnd(),
        );
  return px;
}

function difference(a: Buffer, b: Buffer): { mean: number; max: number } {
  expect(a.length).toBe(b.length);
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (b[i] as number));
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / a.length, max };
}

describe('reducePlan', () => {
  it('gives every output weights summing to exactly one (4096) inside the input', () => {
    for (const [size, to, start, span] of [
      [320, 224, 0, 320],
      [300, 7, 0, 300],
      [380, 224, 11.4, 360.5],
      [64, 64, 0, 64],
    ] as const) {
      const plan = reducePlan(size, to, start, span, 0, size - 1);
      for (let i = 0; i < to; i++) {
        const row = plan.weights.subarray(i * plan.taps, (i + 1) * plan.taps);
        expect(row.reduce((s, w) => s + w, 0)).toBe(4096);
        expect(plan.starts[i]).toBeGreaterThanOrEqual(0);
        expect((plan.starts[i] as number) + plan.taps).toBeLessThanOrEqual(size);
      }
    }
  });
});

// Tolerance against sharp's extract + Lanczos3 resize on the same raw pixels: measured mean 0.09–0.11
// levels, max 2–3 (12-bit weights, intermediate rounding and sub-pixel phases as libvips quantises
// them); stated as mean < 0.25, max ≤ 3.
describe('reduceArea against sharp (extract, then resize with lanczos3)', () => {
  const cases: [number, number, 1 | 3, Area, number, number][] = [
    [640, 480, 3, { x: 160, y: 90, w: 320, h: 320 }, 224, 224],
    [640, 480, 3, { x: 7, y: 3, w: 333, h: 301 }, 224, 202],
    [640, 480, 1, { x: 0, y: 0, w: 640, h: 480 }, 400, 300],
    [400, 300, 1, { x: 50, y: 20, w: 250, h: 250 }, 77, 77],
    [96, 72, 3, { x: 8, y: 4, w: 64, h: 64 }, 48, 48],
  ];
  for (const [width, height, channels, box, ow, oh] of cases)
    it(`${width}x${height}x${channels}, ${box.w}x${box.h} → ${ow}x${oh}`, async () => {
      const data = texture(width, height, channels, width + channels);
      const expected = await sharp(data, { raw: { width, height, channels } })
        .extract({ left: box.x, top: box.y, width: box.w, height: box.h })
        .resize(ow, oh, { fit: 'fill', kernel: 'lanczos3' })
        .toColourspace(channels === 1 ? 'b-w' : 'srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect(expected.info.channels).toBe(channels);
      const ours = reduceArea({ data, width, height, channels }, box, ow, oh, 'area');
      expect([ours.width, ours.height, ours.channels]).toEqual([ow, oh, channels]);
      const d = difference(ours.data, expected.data);
      expect(d.mean).toBeLessThan(0.25);
      expect(d.max).toBeLessThanOrEqual(3);
    });

  it('widens one grey channel to three equal ones on request', () => {
    const data = texture(100, 80, 1, 3);
    const box = { x: 10, y: 5, w: 60, h: 60 };
    const grey = reduceArea({ data, width: 100, height: 80, channels: 1 }, box, 40, 40, 'area');
    const rgb = reduceArea({ data, width: 100, height: 80, channels: 1 }, box, 40, 40, 'area', true);
    expect(rgb.channels).toBe(3);
    for (let i = 0; i < grey.data.length; i++)
      expect([rgb.data[3 * i], rgb.data[3 * i + 1], rgb.data[3 * i + 2]]).toEqual(
        Array(3).fill(grey.data[i]),
      );
  });

  it('refuses to enlarge, and a box outside the pixels', () => {
    const px = { data: Buffer.alloc(30 * 20), width: 30, height: 20, channels: 1 as const };
    expect(() => reduceArea(px, { x: 0, y: 0, w: 10, h: 10 }, 20, 20, 'area')).toThrow(/cannot shrink/);
    expect(() => reduceArea(px, { x: 25, y: 0, w: 10, h: 10 }, 5, 5, 'area')).toThrow(/outside/);
  });
});

describe('JPEG frames cut and shrunk without libvips', () => {
  let work: string;
  const files: Record<string, string> = {};
  const shape = (size: number, gray = false): OutputShape => ({
    size: { width: size, height: size },
    fit: 'cover',
    gray,
    format: 'jpg',
    quality: 90,
  });

  beforeAll(async () => {
    work = await tempDir();
    for (const [name, width, height, channels] of [
      ['colour', 640, 480, 3],
      ['grey', 1020, 544, 1],
    ] as const) {
      files[name] = path.join(work, `${name}.jpg`);
      await sharp(texture(width, height, channels, 11), { raw: { width, height, channels } })
        .jpeg({ quality: 90 })
        .toFile(files[name] as string);
    }
  });

  afterEach(() => {
    delete process.env.ME_UNIFY_JPEG_CODEC;
  });

  it('decodes by region here (koffi and the library are installed), and names what is missing', () => {
    expect(regionDecoding()).toBe(true);
    const missing = loadRegionDecoder('no-such-ffi-package');
    expect(missing.api).toBeNull();
    expect(missing.problem).toMatch(/^libturbojpeg through no-such-ffi-package could not be loaded \(/);
  });

  // The sharp-only pipeline (before the fast paths) as the reference, on raw pixels before encoding:
  // measured mean 0.10–0.17, max 2, both below 2× (whole-scale region) and at 2× and more (1/2 and
  // 1/4-scale region against sharp's shrink-on-load); 0.53 on grey frames under --gray below 2×
  // (sharp then resizes them at a higher precision); stated as mean < 0.6, max ≤ 3.
  const cases: [string, Area, number, boolean][] = [
    ['colour', { x: 160, y: 90, w: 320, h: 320 }, 224, false],
    ['colour', { x: 8, y: 4, w: 64, h: 64 }, 48, false],
    ['colour', { x: 101, y: 37, w: 403, h: 403 }, 112, false],
    ['grey', { x: 330, y: 90, w: 360, h: 360 }, 112, false],
    ['grey', { x: 331, y: 91, w: 361, h: 361 }, 224, true],
    ['grey', { x: 0, y: 0, w: 544, h: 544 }, 120, true],
  ];
  for (const [name, box, size, gray] of cases)
    it(`${name} ${box.w}² at (${box.x},${box.y}) → ${size}²${gray ? ' --gray' : ''} stays within the tolerance`, async () => {
      const file = files[name] as string;
      const { width, height } = await sharp(file).metadata();
      const geo = { rotation: 0, box, frameWidth: width as number, frameHeight: height as number };
      const fast = await renderRaw(file, geo, shape(size, gray));
      process.env.ME_UNIFY_JPEG_CODEC = 'sharp';
      const slow = await (await framePipeline(file, geo, shape(size, gray)))
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([fast.width, fast.height, fast.channels]).toEqual([
        slow.info.width,
        slow.info.height,
        slow.info.channels,
      ]);
      const d = difference(fast.data, slow.data);
      expect(d.mean).toBeLessThan(0.6);
      expect(d.max).toBeLessThanOrEqual(3);
    });

  it('leaves a colour frame asked for grey, a JPEG with an ICC profile, and a truncated one to sharp', async () => {
    const bytes = await readFile(files.colour as string);
    const whole = (s: { width: number; height: number }) => ({ x: 0, y: 0, w: s.width, h: s.height });
    expect(decodeRegion(bytes, 1, 0, whole)).not.toBeNull();
    const tagged = await sharp(bytes).withIccProfile('p3').jpeg().toBuffer();
    expect(decodeRegion(tagged, 1, 0, whole)).toBeNull();
    // cut inside the scan: libjpeg warns (premature end of data), which counts as a failure
    expect(decodeRegion(bytes.subarray(0, Math.floor(bytes.length * 0.6)), 2, 0, whole)).toBeNull();
    const geo = { rotation: 0, box: { x: 160, y: 90, w: 320, h: 320 }, frameWidth: 640, frameHeight: 480 };
    const grey = await renderRaw(files.colour as string, geo, shape(224, true));
    expect(grey.channels).toBe(1);
    const cut = path.join(work, 'cut.jpg');
    await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expect(renderRaw(cut, geo, shape(224))).rejects.toThrow();
  });

  it('leaves a whole frame shrunk 2× or more to libvips (which box-shrinks first), and takes one shrunk less', async () => {
    for (const [w, h] of [
      [255, 136],
      [750, 400],
    ]) {
      const s = { ...shape(0), size: { width: w as number, height: h as number } };
      const geo = { rotation: 0, box: null, frameWidth: 1020, frameHeight: 544 };
      const fast = await renderRaw(files.grey as string, geo, s);
      process.env.ME_UNIFY_JPEG_CODEC = 'sharp';
      const slow = await (await framePipeline(files.grey as string, geo, s)).raw().toBuffer();
      delete process.env.ME_UNIFY_JPEG_CODEC;
      const d = difference(fast.data, slow);
      expect(d.mean).toBeLessThan(0.6);
      expect(d.max).toBeLessThanOrEqual(3);
    }
  });

  it('leaves a box shrunk 2× or more under another fit than cover to sharp (no shrink-on-load there)', async () => {
    const geo = { rotation: 0, box: { x: 101, y: 37, w: 403, h: 403 }, frameWidth: 640, frameHeight: 480 };
    for (const fit of ['contain', 'pad'] as const) {
      const s = { ...shape(112), fit };
      const fast = await renderRaw(files.colour as string, geo, s);
      const sharpPath = await (await framePipeline(files.colour as string, geo, s)).raw().toBuffer();
      expect(fast.data.equals(sharpPath)).toBe(true);
    }
  });

  it('decodes straight into a reduction (rows padded, a box inside the region) what it decodes packed', async () => {
    for (const [name, scale, area, edges] of [
      ['grey', 2, { x: 13.5, y: 11, w: 180.5, h: 180.5 }, 'pixels'],
      ['colour', 1, { x: 21, y: 16, w: 199, h: 199 }, 'area'],
    ] as const) {
      const bytes = await readFile(files[name] as string);
      const want = () => ({ x: 100, y: 40, w: 200, h: 200 });
      const packed = decodeRegion(bytes, scale, 16, want);
      if (!packed) throw new Error('expected a region');
      const copy = { ...packed.pixels, data: Buffer.from(packed.pixels.data) };
      const expected = reduceArea(copy, area, 97, 97, edges, true);
      let job: Reduction | null = null;
      const direct = decodeRegion(bytes, scale, 16, want, (pixels) => {
        job = prepareReduction(pixels, area, 97, 97, edges, true);
        return { data: job.input, stride: job.stride };
      });
      expect(direct?.pixels.width).toBe(copy.width);
      expect((job as Reduction | null)?.stride).toBeGreaterThan(copy.width * copy.channels);
      expect((job as unknown as Reduction).run().data.equals(expected.data)).toBe(true);
    }
  });

  it('gives the same pixels on every run', async () => {
    const geo = { rotation: 0, box: { x: 331, y: 91, w: 361, h: 361 }, frameWidth: 1020, frameHeight: 544 };
    const a = await renderRaw(files.grey as string, geo, shape(112));
    const b = await renderRaw(files.grey as string, geo, shape(112));
    expect(b.data.equals(a.data)).toBe(true);
  });
});

describe('the committed WebAssembly module', () => {
  it('is what wasm/reduce.ts compiles to (npm run wasm)', () => {
    const root = path.join(import.meta.dirname, '..', '..');
    expect(() =>
      execFileSync(process.execPath, [path.join(root, 'scripts', 'build-reduce-wasm.js'), '--check'], {
        stdio: 'pipe',
      }),
    ).not.toThrow();
  }, 300_000); // the compiler alone takes 5–70 s on a busy machine
});
