import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkFlows } from '../../src/flow/check.js';
import { flowDataset } from '../../src/flow/run.js';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

const W = 40;
const H = 32;
const frame = (shift: number) =>
  sharp(
    Uint8Array.from({ length: W * H }, (_, i) =>
      Math.round(128 + 80 * Math.sin(((i % W) - shift) / 3) * Math.cos(Math.floor(i / W) / 4)),
    ),
    { raw: { width: W, height: H, channels: 1 } },
  )
    .png()
    .toBuffer();

/** Two samples converted by hand and their ststnet28 flows (a cheap TV-L1). */
async function flowed(): Promise<{ src: string; out: string }> {
  const root = await tempDir();
  const src = path.join(root, 'conv');
  const samples = ['EP01', 'EP02'].map((clip) =>
    makeSample('casme2', 'sub01', clip, { nFrames: 3, onset: 0, apex: 1, offset: 2 }),
  );
  await writeOutput(src, samples, { writeFrames: new Uint8Array() });
  for (const s of samples)
    for (const [k, f] of s.frames.entries()) await writeFile(path.join(src, f), await frame(k));
  const out = path.join(root, 'flow');
  await flowDataset({
    input: src,
    out,
    recipe: 'ststnet28',
    params: { nscales: 1, warps: 1, outerIterations: 1 },
    threads: 1,
  });
  return { src, out };
}

const rewrite = async (file: string, edit: (text: string) => string) =>
  writeFile(file, edit(await readFile(file, 'utf8')));

describe('the flow check', () => {
  it('--check alone passes a valid folder, then names each problem and exits 1', async () => {
    const { src, out } = await flowed();
    const ok = await runCli(['flow', src, '-o', out, '--check']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/check of .*: ok/);
    const list = path.join(out, 'flows.jsonl');
    const [first, second] = (await readFile(list, 'utf8')).trim().split('\n') as [string, string];
    // a flow listed twice, one without its strain, an image of the wrong channel count
    const noStrain = JSON.stringify({ ...JSON.parse(second), strain: null });
    await writeFile(list, `${first}\n${first}\n${noStrain}\n`);
    const image = JSON.parse(first).image as string;
    await writeFile(
      path.join(out, image),
      await sharp(Buffer.alloc(28 * 28 * 4), { raw: { width: 28, height: 28, channels: 4 } })
        .png()
        .toBuffer(),
    );
    // the source re-converted: EP02's apex moved
    await rewrite(path.join(src, 'manifest.jsonl'), (t) =>
      t.replace(/"apex":1(.*EP02)/, '"apex":2$1').replace(/("clip":"EP02".*?)"apex":1/, '$1"apex":2'),
    );
    const bad = await runCli(['flow', src, '-o', out, '--check']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/sample casme2\/sub01\/EP01 has more than one flow/);
    expect(bad.stderr).toMatch(/count 2, but flows\.jsonl has 3 flows/);
    expect(bad.stderr).toMatch(/sample casme2\/sub01\/EP02 has no strain, recipe ststnet28 makes one/);
    expect(bad.stderr).toMatch(new RegExp(`${image}: 28x28, 4 channels, expected 28x28, 3`));
    expect(bad.stderr).toMatch(
      /EP02 ran from .*img1\.jpg to .*img2\.jpg, but in .* its onset is .*img1\.jpg and its apex .*img3\.jpg/,
    );
  }, 60_000);

  it('a folder without flow.json is reported by name, not thrown', async () => {
    const { src, out } = await flowed();
    await rm(path.join(out, 'flow.json'));
    const problems = await checkFlows(out, src);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/flow\.json: not a readable flow\.json/);
  }, 60_000);
});
