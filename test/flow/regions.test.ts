import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkFlows } from '../../src/flow/check.js';
import { RecipeSchema } from '../../src/flow/recipe.js';
import { atLeast, cutRegions, meanRegionBoxes, recipeRegionBoxes } from '../../src/flow/regions.js';
import { flowDataset } from '../../src/flow/run.js';
import { landmarksOfFaceCrop } from '../../src/frames/face.js';
import type { Point } from '../../src/frames/geometry.js';
import { tempDir } from '../helpers/tmp.js';

/** 68 points at (100, 100) except the ones MEAN's boxes read. */
function landmarks(set: Record<number, Point>): Point[] {
  return Array.from({ length: 68 }, (_, i): Point => set[i] ?? [100, 100]);
}

describe("MEAN's landmark regions", () => {
  it('eyebrow box spans both brows (higher brow top, lower eye bottom), mouth box its four points, ±12 px, clamped', () => {
    const pts = landmarks({
      17: [20.4, 0],
      19: [0, 40],
      24: [0, 36.6], // the higher brow decides the top
      26: [100, 0],
      41: [0, 58],
      46: [0, 61], // the lower eye decides the bottom
      60: [5, 0], // clamps at 0
      50: [0, 90],
      64: [121, 0], // clamps at 128
      57: [0, 110],
    });
    expect(meanRegionBoxes(pts, 128, 128)).toEqual([
      { name: 'eyebrows', x0: 8, y0: 25, x1: 112, y1: 73 },
      { name: 'mouth', x0: 0, y0: 78, x1: 128, y1: 122 },
    ]);
  });

  it('a box the landmarks collapse or invert grows to the minimum about its centre, inside the image; others stay', () => {
    const boxes = [
      { name: 'ok', x0: 10, y0: 20, x1: 100, y1: 70 },
      { name: 'flat', x0: 83, y0: 47, x1: 85, y1: 47 }, // a mouth upside down: rows 47–47
      { name: 'inverted', x0: 90, y0: 30, x1: 60, y1: 80 },
      { name: 'edge', x0: 120, y0: 125, x1: 140, y1: 126 },
    ];
    expect(atLeast(boxes, [42, 21], 128, 128)).toEqual([
      { name: 'ok', x0: 10, y0: 20, x1: 100, y1: 70 },
      { name: 'flat', x0: 63, y0: 37, x1: 105, y1: 58, grown_from: [83, 47, 85, 47] },
      { name: 'inverted', x0: 54, y0: 30, x1: 96, y1: 80, grown_from: [90, 30, 60, 80] },
      { name: 'edge', x0: 86, y0: 107, x1: 128, y1: 128, grown_from: [120, 125, 128, 126] },
    ]);
    // a face-api result on a non-face (the old demo's gradients): mouth points upside down
    const scrambled = landmarks({
      17: [59, 101],
      26: [68, 36],
      60: [95, 53],
      64: [73, 38],
      50: [0, 59],
      57: [0, 35],
    });
    for (const b of recipeRegionBoxes(scrambled, 128, 128, [42, 21])) {
      expect(b.x1 - b.x0).toBeGreaterThanOrEqual(42);
      expect(b.y1 - b.y0).toBeGreaterThanOrEqual(21);
    }
    // without a minimum, never empty either
    for (const b of recipeRegionBoxes(scrambled, 128, 128, null))
      expect(b.x1 > b.x0 && b.y1 > b.y0).toBe(true);
  });

  it('cuts each box and resizes it to 42×21, stacked eyebrows over mouth', () => {
    const w = 128;
    const plane = Float32Array.from({ length: w * w }, (_, i) => (Math.floor(i / w) < 64 ? 1 : 2));
    const [out] = cutRegions([plane], w, w, [
      { name: 'a', x0: 10, y0: 0, x1: 60, y1: 40 },
      { name: 'b', x0: 30, y0: 80, x1: 90, y1: 120 },
    ]);
    expect(out?.length).toBe(42 * 42);
    expect(out?.slice(0, 42 * 21).every((v) => v === 1)).toBe(true);
    expect(out?.slice(42 * 21).every((v) => v === 2)).toBe(true);
    expect(() => cutRegions([plane], w, w, [{ name: 'mouth', x0: 50, y0: 0, x1: 50, y1: 10 }])).toThrow(
      /the mouth region .* is empty/,
    );
  });

  it('a recipe with regions must produce 42×42', () => {
    const recipe = {
      name: 'x',
      description: '',
      source: '',
      input: { size: [128, 128], resize: 'linear' },
      strain: 'backward-diff',
      output: { size: [128, 128], resize: null, normalise: 'minmax01', regions: 'mean-landmarks', png: true },
      verified: [],
      assumed: [],
    };
    expect(RecipeSchema.safeParse(recipe).success).toBe(false);
    expect(RecipeSchema.safeParse({ ...recipe, output: { ...recipe.output, size: [42, 42] } }).success).toBe(
      true,
    );
  });

  it('mean42 over a dataset of real face photos: face-api landmarks, 42×42 PNG per sample, check valid', async () => {
    const require = createRequire(import.meta.url);
    const photo = path.join(
      path.dirname(require.resolve('@vladmandic/face-api/package.json')),
      'demo',
      'sample2.jpg',
    );
    const root = await tempDir();
    const src = path.join(root, 'conv');
    // a face-filling crop of the photo as onset, the same crop 1 px further right as apex
    await mkdir(path.join(src, 'frames', 's1'), { recursive: true });
    const crop = (left: number) =>
      sharp(photo).resize(400).extract({ left, top: 20, width: 200, height: 200 }).png().toBuffer();
    await writeFile(path.join(src, 'frames/s1/0.png'), await crop(120));
    await writeFile(path.join(src, 'frames/s1/1.png'), await crop(121));
    const sample = {
      id: 's1/a',
      dataset: 'casme2',
      subset: null,
      subject: 's1',
      clip: 'a',
      kind: 'micro',
      fps: 200,
      frame_count: 2,
      frames: ['frames/s1/0.png', 'frames/s1/1.png'],
      video: null,
      onset: 0,
      apex: 1,
      offset: 1,
      source_frames: { onset: 1, apex: 2, offset: 2 },
      apex_source: 'annotated',
      emotion: 'happiness',
      label: 'positive',
      label_profile: 'megc2019',
      aus: [],
      aus_raw: null,
      source: { directory: 's1', sheet: null, sheet_name: null, row: null },
      extra: {},
      processing: null,
    };
    await writeFile(path.join(src, 'manifest.jsonl'), `${JSON.stringify(sample)}\n`);
    const out = path.join(root, 'flow');
    const r = await flowDataset({
      input: src,
      out,
      recipe: 'mean42',
      params: { nscales: 1, warps: 1, outerIterations: 1, innerIterations: 5 },
      threads: 1,
    });
    expect(r.written).toBe(1);
    // the landmarks are a face's: brows above the mouth, both boxes inside the 128×128 frame
    const grey = await sharp(path.join(src, 'frames/s1/0.png'))
      .resize(128, 128)
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pts = await landmarksOfFaceCrop({ width: 128, height: 128, channels: 1, data: grey.data });
    const [brows, mouth] = meanRegionBoxes(pts, 128, 128);
    expect(pts).toHaveLength(68);
    expect((brows?.y0 ?? 0) < (mouth?.y0 ?? 0) && (brows?.x1 ?? 0) - (brows?.x0 ?? 0) > 40).toBe(true);
    const png = await sharp(path.join(out, 'images', 's1_a.png'))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect([png.info.width, png.info.height, png.info.channels]).toEqual([42, 42, 3]);
    expect(await checkFlows(out, src)).toEqual([]);
  }, 120_000);
});
