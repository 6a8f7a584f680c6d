import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { facePixels } from '../../fixtures/faces.js';
import { jpegPalette } from '../../fixtures/frames.js';
import { checkFlows } from '../../src/flow/check.js';
import { flowDataset } from '../../src/flow/run.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

// a cheap TV-L1 (the flow itself is tested elsewhere): these tests are about the faces
const FAST = { nscales: 1, warps: 1, outerIterations: 1, innerIterations: 3 };

const faceJpeg = async (variant: number) => {
  const p = await facePixels(64, 64, 3, variant);
  return sharp(p.data, { raw: { width: 64, height: 64, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
};

/** Two samples showing the demo's drawn face and one showing the old demo's gradient (no face). */
async function source(root: string): Promise<string> {
  const src = path.join(root, 'conv');
  const samples = ['face1', 'face2', 'gradient'].map((clip) =>
    makeSample('casme2', 'sub01', clip, { nFrames: 2, onset: 0, apex: 1, offset: 1 }),
  );
  await writeOutput(src, samples, { writeFrames: new Uint8Array() });
  const [g0, g1] = await jpegPalette();
  const frames: Record<string, [Uint8Array, Uint8Array]> = {
    face1: [await faceJpeg(0), await faceJpeg(1)],
    face2: [await faceJpeg(2), await faceJpeg(3)],
    gradient: [g0 as Buffer, g1 as Buffer],
  };
  for (const s of samples)
    for (const [k, f] of s.frames.entries())
      await writeFile(path.join(src, f), (frames[s.clip] as [Uint8Array, Uint8Array])[k] as Uint8Array);
  return src;
}

describe('mean42 needs a face', () => {
  it('writes a flow for every sample whose face is found and reports, by file, the one without a face', async () => {
    const root = await tempDir();
    const src = await source(root);
    const out = path.join(root, 'flow');
    const r = await flowDataset({
      input: src,
      out,
      recipe: 'mean42',
      params: FAST,
      onError: 'skip',
      threads: 1,
    });
    expect(r.written).toBe(2);
    expect(r.problems.map((p) => p.id)).toEqual(['casme2/sub01/gradient']);
    expect(r.problems[0]?.message).toMatch(
      /face-api finds no face on the onset frame frames\/casme2\/sub01\/gradient\/img1\.jpg/,
    );
    const entries = (await readFile(path.join(out, 'flows.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => e.id)).toEqual(['casme2/sub01/face1', 'casme2/sub01/face2']);
    for (const e of entries) {
      expect(e.face_score).toBeGreaterThanOrEqual(0.3);
      expect(e.regions.map((b: { name: string }) => b.name)).toEqual(['eyebrows', 'mouth']);
      // a face's boxes: the brows above the mouth, each at least the recipe's 42×21
      const [brows, mouth] = e.regions;
      expect(brows.y0).toBeLessThan(mouth.y0);
      for (const b of e.regions) {
        expect(b.x1 - b.x0).toBeGreaterThanOrEqual(42);
        expect(b.y1 - b.y0).toBeGreaterThanOrEqual(21);
      }
    }
    const meta = JSON.parse(await readFile(path.join(out, 'flow.json'), 'utf8'));
    expect(meta.recipe.output).toMatchObject({ region_min_size: [42, 21], face_min_score: 0.3 });
    expect(await checkFlows(out, src)).toEqual([]);
  }, 120_000);

  it('stops on the sample without a face by default, naming it', async () => {
    const root = await tempDir();
    const src = await source(root);
    await expect(
      flowDataset({ input: src, out: path.join(root, 'flow'), recipe: 'mean42', params: FAST, threads: 1 }),
    ).rejects.toThrow(/sample casme2\/sub01\/gradient: face-api finds no face .*--on-error skip/);
  }, 120_000);
});
