import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { facePixels } from '../../fixtures/faces.js';
import { checkFlows } from '../../src/flow/check.js';
import { decodeNpy } from '../../src/flow/npy.js';
import { flowDataset } from '../../src/flow/run.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * A converted-output folder with real frames: three good samples, one without apex, one with a
 * missing frame. `faces`: drawn faces (fixtures/faces.ts, 64×64) instead of moving stripes, for
 * the landmark recipe, which needs a face on the onset.
 */
async function dataset(root: string, faces = false): Promise<string> {
  const src = path.join(root, 'conv');
  const w = faces ? 64 : 40;
  const h = faces ? 64 : 30;
  const frame = async (shift: number) =>
    faces
      ? (await facePixels(w, h, 3, Math.round(shift * 2))).data
      : Buffer.from(
          Uint8Array.from({ length: w * h * 3 }, (_, i) => {
            const x = Math.floor(i / 3) % w;
            const y = Math.floor(i / 3 / w);
            return Math.round(128 + 80 * Math.sin((x - shift) / 3) * Math.cos(y / 4) + (i % 3) * 10);
          }),
        );
  const lines: string[] = [];
  const ids = ['s1/a', 's1/b', 's2/a', 's2/noapex', 's3/missing'];
  for (const [k, id] of ids.entries()) {
    const frames = [0, 1].map((j) => `frames/${id}/${j}.png`);
    await mkdir(path.join(src, 'frames', id), { recursive: true });
    for (const [j, f] of frames.entries()) {
      if (id === 's3/missing' && j === 1) continue;
      await writeFile(
        path.join(src, f),
        await sharp(await frame(j * (k + 1) * 0.5), { raw: { width: w, height: h, channels: 3 } })
          .png()
          .toBuffer(),
      );
    }
    lines.push(
      JSON.stringify({
        id,
        dataset: 'casme2',
        subset: null,
        subject: id.split('/')[0],
        clip: id.split('/')[1],
        kind: 'micro',
        fps: 200,
        frame_count: 2,
        frames,
        video: null,
        onset: 0,
        apex: id.endsWith('noapex') ? null : 1,
        offset: 1,
        source_frames: { onset: 1, apex: 2, offset: 2 },
        apex_source: id.endsWith('noapex') ? 'missing' : 'annotated',
        emotion: 'happiness',
        label: 'positive',
        label_profile: 'megc2019',
        aus: [],
        aus_raw: null,
        source: { directory: id, sheet: null, sheet_name: null, row: null },
        extra: {},
        processing: null,
      }),
    );
  }
  await writeFile(path.join(src, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return src;
}

describe('flow over a converted dataset', () => {
  it('writes a flow, strain and 28×28 image per sample, skips (and names) the bad ones, and checks valid', async () => {
    const root = await tempDir();
    const src = await dataset(root);
    const out = path.join(root, 'flow');
    const r = await flowDataset({ input: src, out, recipe: 'ststnet28', onError: 'skip' });
    expect(r.written).toBe(3);
    expect(r.problems.map((p) => p.id).sort()).toEqual(['s2/noapex', 's3/missing']);
    expect(r.problems.find((p) => p.id === 's3/missing')?.message).toMatch(/frames\/s3\/missing\/1\.png/);
    const entries = (await readFile(path.join(out, 'flows.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => e.id)).toEqual(['s1/a', 's1/b', 's2/a']);
    expect(entries[0]).toMatchObject({
      subject: 's1',
      label: 'positive',
      kind: 'micro',
      apex_frame: 'frames/s1/a/1.png',
    });
    const npy = decodeNpy(await readFile(path.join(out, entries[1].flow)));
    expect(npy.shape).toEqual([30, 40, 2]);
    // the pattern moves right by 1 px between the frames of s1/b: u ≈ +1 in the middle
    expect(npy.data[2 * (15 * 40 + 20)]).toBeGreaterThan(0.5);
    const png = await sharp(path.join(out, entries[0].image)).raw().toBuffer({ resolveWithObject: true });
    expect([png.info.width, png.info.height, png.info.channels]).toEqual([28, 28, 3]);
    for (let c = 0; c < 3; c++) {
      const ch = [...png.data].filter((_, i) => i % 3 === c);
      expect([Math.min(...ch), Math.max(...ch)]).toEqual([0, 255]);
    }
    expect(await checkFlows(out, src)).toEqual([]);
    const meta = JSON.parse(await readFile(path.join(out, 'flow.json'), 'utf8'));
    expect(meta.params).toMatchObject({
      tau: 0.25,
      lambda: 0.15,
      theta: 0.3,
      nscales: 5,
      warps: 5,
      medianFiltering: 5,
    });
    expect(meta.recipe.strain).toBe('backward-diff');
  });

  it('fails on the first bad sample by default, naming it, and leaves no output', async () => {
    const root = await tempDir();
    const src = await dataset(root);
    const out = path.join(root, 'flow');
    await expect(flowDataset({ input: src, out, recipe: 'raw' })).rejects.toThrow(/s2\/noapex|s3\/missing/);
    await expect(readFile(path.join(out, 'flows.jsonl'))).rejects.toThrow();
  });

  it('the check reports a flow whose sample is gone and a file of the wrong shape', async () => {
    const root = await tempDir();
    const src = await dataset(root, true);
    const out = path.join(root, 'flow');
    await flowDataset({ input: src, out, recipe: 'mean42', onError: 'skip' });
    const manifest = path.join(src, 'manifest.jsonl');
    const lines = (await readFile(manifest, 'utf8')).trim().split('\n');
    await writeFile(manifest, `${lines.slice(1).join('\n')}\n`);
    const entries = (await readFile(path.join(out, 'flows.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    await writeFile(path.join(out, entries[1].flow), await readFile(path.join(out, entries[1].strain)));
    const problems = await checkFlows(out, src);
    expect(problems.some((p) => p.includes('s1/a') && p.includes('not in'))).toBe(true);
    expect(problems.some((p) => p.includes(entries[1].flow) && p.includes('(128, 128, 2)'))).toBe(true);
  });
});
