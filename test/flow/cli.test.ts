import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/flow/npy.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('me-unify flow --pair', () => {
  it('writes one (H, W, 2) flow that agrees with cv2 on the p28 fixture', async () => {
    const dir = await tempDir();
    const png = async (tag: string) => {
      const file = path.join(dir, `${tag}.png`);
      await sharp(readFileSync(path.join(fixtures, `p28.${tag}.u8`)), {
        raw: { width: 28, height: 28, channels: 1 },
      })
        .png()
        .toFile(file);
      return file;
    };
    const out = path.join(dir, 'flow.npy');
    const r = await runCli(['flow', '--pair', await png('i0'), await png('i1'), '-o', out]);
    expect(r.code).toBe(0);
    const flow = decodeNpy(await readFile(out));
    expect(flow.shape).toEqual([28, 28, 2]);
    const b = readFileSync(path.join(fixtures, 'p28.defaults.f32'));
    const ref = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    let sum = 0;
    for (let i = 0; i < 28 * 28; i++)
      sum += Math.hypot(
        (flow.data[2 * i] as number) - (ref[2 * i] as number),
        (flow.data[2 * i + 1] as number) - (ref[2 * i + 1] as number),
      );
    expect(sum / (28 * 28)).toBeLessThanOrEqual(0.05);
  });

  it('usage errors exit 2 and say what was expected', async () => {
    const one = await runCli(['flow', '--pair', 'a.png', '-o', 'x.npy']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/exactly two images/);
    const bad = await runCli(['flow', '--pair', 'a.png', 'b.png', '-o', 'x.npy', '--median-filtering', '4']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/medianFiltering/);
    const recipe = await runCli(['flow', '.', '-o', 'x', '--recipe', 'nope']);
    expect(recipe.code).toBe(2);
  });
});
