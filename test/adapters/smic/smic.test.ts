import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBmp, fixturePixels } from '../../../fixtures/bmp.js';
import { makeSmic, type SmicFixtureClip } from '../../../fixtures/smic.js';
import { smic } from '../../../src/adapters/smic/index.js';
import { scan } from '../../../src/convert/scan.js';
import type { Sample } from '../../../src/schema/sample.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const run = promisify(execFile);

let base: string;
let hsRoot: string;
let hsClips: SmicFixtureClip[];
let hsNonMicro: number;

async function manifest(out: string): Promise<Sample[]> {
  const text = await readFile(path.join(out, 'manifest.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Sample);
}

function countBy<T>(items: readonly T[], key: (t: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const i of items) out[key(i) ?? 'null'] = (out[key(i) ?? 'null'] ?? 0) + 1;
  return out;
}

beforeAll(async () => {
  base = await tempDir('me-unify-smic-');
  hsRoot = path.join(base, 'SMIC');
  const made = await makeSmic({ root: hsRoot, subsets: ['hs'] });
  hsClips = made.clips;
  hsNonMicro = made.nonMicro;
});

describe('SMIC-HS download (done-when)', () => {
  it('converts 164 samples, negative 70 / positive 51 / surprise 43, 16 subjects; validate exits 0', async () => {
    const out = path.join(base, 'out-none');
    const conv = await runCli(['convert', hsRoot, '-o', out, '--labels', 'megc2019', '--frames', 'none']);
    expect(conv.code).toBe(0);
    const samples = await manifest(out);
    expect(samples).toHaveLength(164);
    expect(countBy(samples, (s) => s.label)).toEqual({ negative: 70, positive: 51, surprise: 43 });
    expect(new Set(samples.map((s) => s.subject)).size).toBe(16);
    expect(samples.every((s) => s.dataset === 'smic' && s.subset === 'hs' && s.fps === 100)).toBe(true);
    const info = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
    expect(info.datasets[0].id).toBe('smic');
    expect(info.datasets[0].details.non_micro_clips_left_out).toEqual({ hs: hsNonMicro });
    expect(info.counts.skipped).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    const nonMicro = report.issues.find((i: { code: string }) => i.code === 'smic.non-micro');
    expect(nonMicro.message).toContain(`${hsNonMicro} clips in HS non_micro/`);
    expect(report.counts.error).toBe(0);
    const val = await runCli(['validate', out]);
    expect(val.code).toBe(0);
  });

  it('keeps every frame of a clip, numerically ordered, with the source frame numbers', async () => {
    const { result } = await scan(hsRoot, {});
    expect(result.samples).toHaveLength(hsClips.length);
    for (const clip of hsClips) {
      const id = `smic/hs/s${clip.subject.slice(1).padStart(2, '0')}/${clip.clip}`;
      const s = result.samples.find((x) => x.id === id);
      expect(s, id).toBeDefined();
      if (!s) continue;
      expect(s.clip).toBe(clip.clip);
      expect(s.emotion).toBe(clip.emotion);
      expect(s.frames.map((f) => Number(/(\d+)\.bmp$/.exec(f)?.[1]))).toEqual(clip.frames);
      expect([s.onset, s.offset]).toEqual([0, clip.frames.length - 1]);
      expect(s.source_frames).toEqual({
        onset: clip.frames[0],
        apex: null,
        offset: clip.frames[clip.frames.length - 1],
      });
      // the default apex policy: midpoint, rounded down, and flagged as such
      expect(s.apex).toBe(Math.floor((clip.frames.length - 1) / 2));
      expect(s.apex_source).toBe('midpoint');
    }
    // the 8-digit file names (image17581039.bmp, docs/datasets.md §0.1) are read like the others
    expect(result.samples.some((s) => s.frames.some((f) => /image1758\d{4}\.bmp$/.test(f)))).toBe(true);
  });

  it('--apex missing leaves the apex unknown and says so', async () => {
    const out = path.join(base, 'out-apex-missing');
    const conv = await runCli(['convert', hsRoot, '-o', out, '--apex', 'missing', '--limit', '5']);
    expect(conv.code).toBe(0);
    const samples = await manifest(out);
    expect(samples.every((s) => s.apex === null && s.apex_source === 'missing')).toBe(true);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(
      report.issues.some(
        (i: { code: string; message: string }) =>
          i.code === 'apex.not-annotated' && /apex null/.test(i.message),
      ),
    ).toBe(true);
  });

  it('--frames copy turns the BMP frames into images that sharp and ffmpeg read back exactly', async () => {
    const out = path.join(base, 'out-copy');
    const conv = await runCli(['convert', hsRoot, '-o', out, '--labels', 'megc2019', '--frames', 'copy']);
    expect(conv.code).toBe(0);
    const samples = await manifest(out);
    expect(samples).toHaveLength(164);
    expect((await runCli(['validate', out])).code).toBe(0);
    // the fixture frame numbered n shows pattern n % 8
    for (const s of samples.filter((_, i) => i % 40 === 0)) {
      const clip = hsClips.find((c) => c.clip === s.clip) as SmicFixtureClip;
      for (const [i, rel] of s.frames.entries()) {
        expect(rel).toMatch(/^frames\/smic\/hs\/s\d\d\/s\d+_(ne|po|sur)_\d+\/\d{6}\.png$/);
        const expected = Buffer.from(fixturePixels(32, 24, (clip.frames[i] as number) % 8).rgb);
        const file = path.join(out, rel);
        const bySharp = await sharp(file).raw().toBuffer();
        expect(bySharp.equals(expected)).toBe(true);
        const { stdout } = await run(
          ffmpeg.path,
          ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
          { encoding: 'buffer' },
        );
        expect(Buffer.from(stdout).equals(expected)).toBe(true);
      }
    }
  });
});

describe('SMIC layouts', () => {
  let fullRoot: string;
  beforeAll(async () => {
    fullRoot = path.join(base, 'SMIC-full');
    await makeSmic({
      root: fullRoot,
      subsets: ['hs', 'vis', 'nir'],
      releases: ['raw', 'cropped'],
      nonMicroPerSubject: 1,
    });
  });

  it('reads HS, VIS and NIR together, VIS/NIR at 25 fps from 8 subjects, raw before cropped', async () => {
    const { result, issues } = await scan(fullRoot, {});
    expect(result.layout).toBe('raw');
    expect(countBy(result.samples, (s) => s.subset)).toEqual({ hs: 164, vis: 71, nir: 71 });
    const vis = result.samples.filter((s) => s.subset === 'vis');
    expect(vis.every((s) => s.fps === 25)).toBe(true);
    expect(new Set(vis.map((s) => s.subject))).toEqual(
      new Set(['s11', 's12', 's13', 's14', 's15', 's18', 's19', 's20'].map((s) => `smic/${s}`)),
    );
    // VIS/NIR frames are <5 digits>.bmp (docs/datasets.md §3.2)
    expect(vis[0]?.frames[0]).toMatch(/VIS\/s\d+\/micro\/\w+\/s\d+_\w+_\d+\/\d{5}\.bmp$/);
    expect(issues.issues.some((i) => i.code === 'layout.several' && /cropped/.test(i.message))).toBe(true);
  });

  it('--layout cropped reads reg_image*.bmp; --layout vis (or cropped,nir) narrows the cameras', async () => {
    const cropped = await scan(fullRoot, { layout: 'cropped' });
    expect(cropped.result.layout).toBe('cropped');
    expect(cropped.result.samples).toHaveLength(306);
    expect(cropped.result.samples.every((s) => /\/reg_image\d{6,}\.bmp$/.test(s.frames[0] as string))).toBe(
      true,
    );
    const vis = await scan(fullRoot, { layout: 'vis' });
    expect(vis.result.samples.map((s) => s.subset)).toEqual(Array(71).fill('vis'));
    const nir = await scan(fullRoot, { layout: 'cropped,nir' });
    expect(
      nir.result.samples.every((s) => s.subset === 'nir' && s.frames[0]?.includes('SMIC_all_cropped')),
    ).toBe(true);
    await expect(scan(fullRoot, { layout: 'rgb' })).rejects.toThrow(/unknown --layout 'rgb' for SMIC/);
  });

  it('accepts HS/ at the top level of the dataset folder', async () => {
    const top = path.join(base, 'SMIC-top');
    await makeSmic({ root: top, topLevel: true, nonMicroPerSubject: 0 });
    const { result } = await scan(top, {});
    expect(result.samples).toHaveLength(164);
    expect(result.samples[0]?.frames[0]).toContain(`${path.sep}HS${path.sep}s`);
  });

  it('finds the dataset when pointed at the folder above it', async () => {
    const above = path.join(base, 'above');
    await makeSmic({ root: path.join(above, 'SMIC'), nonMicroPerSubject: 0 });
    const d = await smic.detect(above);
    expect(d.confidence).toBe('high');
    expect(d.root).toBe(path.join(above, 'SMIC'));
    expect(d.evidence.join('\n')).toContain('SMIC_all_raw/HS/ with 16 subject folders');
  });
});

describe('SMIC quirks, each reported with the folder', () => {
  let root: string;
  const frame = (v: number) => encodeBmp(fixturePixels(8, 6, v));
  const put = async (
    rel: string,
    numbers: number[],
    name = (n: number) => `image${String(n).padStart(6, '0')}.bmp`,
  ) => {
    const dir = path.join(root, 'SMIC_all_raw', rel);
    await mkdir(dir, { recursive: true });
    for (const n of numbers) await writeFile(path.join(dir, name(n)), frame(n % 8));
  };

  beforeAll(async () => {
    root = path.join(base, 'quirks');
    await put('HS/s1/micro/negative/s1_ne_01', [1, 2, 3, 4]);
    await put('HS/s1/micro/positive/s1_ne_02', [5, 6, 7]); // name says negative, folder positive
    await put('HS/s1/micro/surprise/s1_sur_01', [10, 11, 13, 14]); // frame 12 missing
    await put('HS/s1/micro/happy/s1_po_09', [1, 2, 3]); // unknown emotion folder
    await put('HS/s2/micro/negative/s2_ne_01', []); // empty
    await put('HS/s2/micro/negative/s2_ne_02', [1, 2]);
    await writeFile(path.join(root, 'SMIC_all_raw/HS/s2/micro/negative/s2_ne_02/image1.bmp'), frame(1)); // duplicate 1
    await put('HS/s2/micro/s2_po_01', [1, 2, 3]); // no emotion folder
    await put('HS/s2/macro/s2_x', [1]); // neither micro nor non_micro
    await put('HS/s2/non_micro/s2_n1', [1, 2]);
  });

  it('converts what it can and names every problem', async () => {
    const { result, issues } = await scan(root, {});
    const ids = result.samples.map((s) => s.id).sort();
    expect(ids).toEqual([
      'smic/hs/s01/s1_ne_01',
      'smic/hs/s01/s1_ne_02',
      'smic/hs/s01/s1_po_09',
      'smic/hs/s01/s1_sur_01',
      'smic/hs/s02/s2_po_01',
    ]);
    const byCode = (code: string) => issues.issues.filter((i) => i.code === code);
    expect(byCode('smic.emotion-mismatch').map((i) => i.file)).toEqual([
      'SMIC_all_raw/HS/s1/micro/happy/s1_po_09',
      'SMIC_all_raw/HS/s1/micro/positive/s1_ne_02',
    ]);
    expect(result.samples.find((s) => s.clip === 's1_ne_02')?.emotion).toBe('positive');
    expect(byCode('frames.gap')[0]?.message).toMatch(/frame numbers missing inside the clip: 12;/);
    expect(result.samples.find((s) => s.clip === 's1_sur_01')?.frames).toHaveLength(4);
    expect(byCode('smic.unknown-emotion-folder')[0]?.message).toContain("emotion folder 'happy'");
    expect(byCode('frames.empty')[0]?.sample).toBe('smic/hs/s02/s2_ne_01');
    expect(byCode('frames.duplicate')[0]?.message).toMatch(
      /frame number 1 is written by several files \(image000001\.bmp, image1\.bmp\)/,
    );
    expect(byCode('smic.clip-without-emotion-folder')[0]?.message).toContain('(positive)');
    expect(result.samples.find((s) => s.clip === 's2_po_01')?.emotion).toBe('positive');
    expect(byCode('smic.unexpected-folder')[0]?.file).toBe('SMIC_all_raw/HS/s2/macro');
    expect(result.rejected).toBe(2);
    expect(result.details.non_micro_clips_left_out).toEqual({ hs: 1 });
  });

  it('stops under the default error policy, converts the rest with --on-error skip', async () => {
    const out = path.join(base, 'out-quirks');
    const fail = await runCli(['convert', root, '-o', out]);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toMatch(/s2_ne_01\/ holds no numbered frames/);
    const skip = await runCli(['convert', root, '-o', out, '--on-error', 'skip']);
    expect(skip.code).toBe(0);
    expect(await manifest(out)).toHaveLength(5);
    await rm(out, { recursive: true });
  });
});
