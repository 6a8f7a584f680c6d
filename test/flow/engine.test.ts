import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkFlows } from '../../src/flow/check.js';
import { farneback } from '../../src/flow/farneback.js';
import { mat32 } from '../../src/flow/mat.js';
import { decodeNpy } from '../../src/flow/npy.js';
import { flowDataset } from '../../src/flow/run.js';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

const W = 64;
const H = 48;
const texture = (shift: number) =>
  Uint8Array.from({ length: W * H }, (_, i) => {
    const x = (i % W) - shift;
    const y = Math.floor(i / W);
    return Math.round(128 + 70 * Math.sin(x / 4 + y / 7) + 30 * Math.cos(y / 3.3 - x / 6));
  });
const png = (data: Uint8Array) =>
  sharp(data, { raw: { width: W, height: H, channels: 1 } })
    .png()
    .toBuffer();

describe('--engine farneback', () => {
  it('--pair writes the flow farneback() computes, with the parameters given', async () => {
    const dir = await tempDir();
    const [a, b] = [texture(0), texture(1)];
    await writeFile(path.join(dir, 'a.png'), await png(a));
    await writeFile(path.join(dir, 'b.png'), await png(b));
    const out = path.join(dir, 'f.npy');
    const run = await runCli([
      'flow',
      '--pair',
      path.join(dir, 'a.png'),
      path.join(dir, 'b.png'),
      '-o',
      out,
      '--engine',
      'farneback',
      '--win-size',
      '9',
      '--gaussian',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('opencv-farneback');
    const npy = decodeNpy(await readFile(out));
    const want = farneback(mat32(W, H, Float32Array.from(a)), mat32(W, H, Float32Array.from(b)), {
      winSize: 9,
      gaussian: true,
    });
    const other = farneback(mat32(W, H, Float32Array.from(a)), mat32(W, H, Float32Array.from(b)));
    expect(npy.shape).toEqual([H, W, 2]);
    expect([...npy.data.filter((_, i) => i % 2 === 0)]).toEqual([...want.u]);
    expect([...want.u]).not.toEqual([...other.u]); // the flags changed the result
  });

  it('a flag of the other engine, or an unknown engine, is a usage error', async () => {
    const tau = await runCli([
      'flow',
      '--pair',
      'a.png',
      'b.png',
      '-o',
      'x.npy',
      '--engine',
      'farneback',
      '--tau',
      '0.3',
    ]);
    expect(tau.code).toBe(2);
    expect(tau.stderr).toMatch(/--tau: not a parameter of --engine farneback/);
    const levels = await runCli(['flow', '--pair', 'a.png', 'b.png', '-o', 'x.npy', '--levels', '2']);
    expect(levels.code).toBe(2);
    expect(levels.stderr).toMatch(/--levels: not a parameter of --engine tvl1/);
    const bad = await runCli([
      'flow',
      '--pair',
      'a.png',
      'b.png',
      '-o',
      'x.npy',
      '--engine',
      'farneback',
      '--poly-n',
      '0',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Farnebäck parameter: polyN/);
    const nope = await runCli(['flow', '--pair', 'a.png', 'b.png', '-o', 'x.npy', '--engine', 'dis']);
    expect(nope.code).toBe(2);
    expect(nope.stderr).toMatch(/expected tvl1 or farneback/);
  });

  it('a dataset run records the engine and all its parameters in flow.json', async () => {
    const root = await tempDir();
    const src = path.join(root, 'conv');
    const s = makeSample('casme2', 'sub01', 'EP01', { nFrames: 2, onset: 0, apex: 1, offset: 1 });
    await writeOutput(src, [s], { writeFrames: new Uint8Array() });
    await writeFile(path.join(src, s.frames[0] as string), await png(texture(0)));
    await writeFile(path.join(src, s.frames[1] as string), await png(texture(1)));
    const out = path.join(root, 'flow');
    const r = await flowDataset({
      input: src,
      out,
      recipe: 'ststnet28',
      engine: 'farneback',
      farneback: { levels: 2 },
      threads: 1,
    });
    expect(r.written).toBe(1);
    const meta = JSON.parse(await readFile(path.join(out, 'flow.json'), 'utf8'));
    expect(meta.engine).toBe('opencv-farneback');
    expect(meta.params).toEqual({
      pyrScale: 0.5,
      levels: 2,
      winSize: 13,
      iterations: 10,
      polyN: 5,
      polySigma: 1.1,
      gaussian: false,
    });
    expect(await checkFlows(out, src)).toEqual([]);
    const tv = await flowDataset({
      input: src,
      out: path.join(root, 'tv'),
      recipe: 'raw',
      params: { warps: 2 },
      threads: 1,
    });
    expect(tv.written).toBe(1);
    const tvMeta = JSON.parse(await readFile(path.join(root, 'tv', 'flow.json'), 'utf8'));
    expect(tvMeta.engine).toBe('opencv-tvl1');
    expect(tvMeta.params).toMatchObject({ warps: 2, tau: 0.25 });
    expect(tvMeta.params.engine).toBeUndefined();
  }, 60_000);
});
