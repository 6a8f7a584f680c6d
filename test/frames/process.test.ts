import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { convert } from '../../src/convert/convert.js';
import { decodeJpeg } from '../../src/frames/jpeg-codec.js';
import { DatasetInfoSchema } from '../../src/schema/dataset.js';
import { type Sample, SampleSchema } from '../../src/schema/sample.js';
import { validate } from '../../src/validate/validate.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let work: string;
let root: string;
let n = 0;
const LIMIT = 3;

beforeAll(async () => {
  work = await tempDir();
  ({ root } = await makeCasme2({
    root: path.join(work, 'CASME2'),
    frameStyle: { width: 64, height: 48, channels: 3 },
  }));
});

async function run(options: Record<string, unknown>) {
  const out = path.join(work, `out${n++}`);
  const result = await convert({ root, out, frames: 'process', limit: LIMIT, ...options });
  const manifest = (await readFile(path.join(out, 'manifest.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => SampleSchema.parse(JSON.parse(l)));
  const info = DatasetInfoSchema.parse(JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8')));
  const checked = await validate(out);
  return { out, result, manifest, info, checked };
}

async function meta(out: string, rel: string) {
  return sharp(path.join(out, rel)).metadata();
}

describe('--frames process', () => {
  it('without crop or size re-encodes every frame of the span and records what it did', async () => {
    const { out, manifest, info, checked } = await run({});
    expect(checked.ok).toBe(true);
    expect(manifest).toHaveLength(LIMIT);
    const s = manifest[0] as Sample;
    expect(s.frames.every((f) => /^frames\/casme2\/.+\/\d{6}\.jpg$/.test(f))).toBe(true);
    expect(s.frame_count).toBe(s.frames.length);
    expect(s.offset).toBe(s.frames.length - 1);
    const m = await meta(out, s.frames[0] as string);
    expect([m.width, m.height, m.format]).toEqual([64, 48, 'jpeg']);
    expect(s.processing?.crop.mode).toBe('none');
    expect(s.processing?.temporal).toMatchObject({ method: 'none', source_frames: s.frames.length });
    expect(info.frames.mode).toBe('process');
    expect(info.frames.options).toMatchObject({ crop: { mode: 'none' }, temporal: { method: 'none' } });
    // the clip folder holds exactly the listed frames (plus the hidden resume record)
    const dir = path.join(out, path.dirname(s.frames[0] as string));
    expect((await readdir(dir)).filter((f) => !f.startsWith('.')).sort()).toEqual(
      s.frames.map((f) => path.basename(f)).sort(),
    );
  });

  it('a fixed box and a size crop every frame the same way; --gray --image-format png', async () => {
    const { out, manifest, checked } = await run({
      crop: '8,4,40,40',
      size: '24',
      gray: true,
      imageFormat: 'png',
    });
    expect(checked.ok).toBe(true);
    for (const s of manifest) {
      expect(s.processing?.crop).toMatchObject({ mode: 'box', box: { x: 8, y: 4, w: 40, h: 40 } });
      const m = await meta(out, s.frames.at(-1) as string);
      expect([m.width, m.height, m.format, m.channels]).toEqual([24, 24, 'png', 1]);
    }
  });

  it('the crop really cuts the box: the top-left output pixel is the source pixel at (x, y)', async () => {
    const { out, manifest } = await run({ crop: '20,10,16,16', imageFormat: 'png', limit: 1 });
    const s = manifest[0] as Sample;
    const src = path.join(root, 'CASME2_RAW_selected', ...(s.source.directory ?? '').split('/').slice(1));
    const firstSource = (await readdir(src)).sort((a, b) => Number(a.match(/\d+/)) - Number(b.match(/\d+/)))[
      s.processing?.temporal.positions[0] ?? 0
    ];
    // the source as the pipeline decodes it (libjpeg-turbo when it loads, else sharp)
    const bytes = await readFile(path.join(src, firstSource as string));
    const decoded = await decodeJpeg(bytes);
    const srcPx = await (decoded ? sharp(decoded.data, { raw: decoded }) : sharp(bytes))
      .extract({ left: 20, top: 10, width: 16, height: 16 })
      .raw()
      .toBuffer();
    const outPx = await sharp(path.join(out, s.frames[0] as string))
      .raw()
      .toBuffer();
    expect(outPx.equals(srcPx)).toBe(true);
  });

  it('--fit cover, contain and pad give the documented sizes', async () => {
    const sizes: Record<string, [number, number]> = { cover: [32, 16], contain: [21, 16], pad: [32, 16] };
    for (const [fit, want] of Object.entries(sizes)) {
      const { out, manifest, checked } = await run({ size: '32x16', fit, limit: 1 });
      expect(checked.ok).toBe(true);
      const m = await meta(out, (manifest[0] as Sample).frames[0] as string);
      expect([m.width, m.height]).toEqual(want);
    }
  });

  it('per-sample boxes from a CSV file; a sample without a row and a bad row are reported', async () => {
    const ids = (await run({ limit: LIMIT })).manifest.map((s) => s.id);
    const file = path.join(work, 'boxes.csv');
    await writeFile(file, `ID,x,y,w,h,note\n${ids[0]},0,0,32,32,ok\n${ids[1]},4,4,20,x,bad\n`);
    const { manifest, result, checked, info } = await run({ crop: file, onError: 'skip' });
    expect(checked.ok).toBe(true);
    expect(manifest.map((s) => s.id)).toEqual([ids[0]]);
    expect(manifest[0]?.processing?.crop).toMatchObject({ mode: 'file', box: { x: 0, y: 0, w: 32, h: 32 } });
    expect(info.options.crop).toBe('boxes.csv');
    expect(info.frames.options).toMatchObject({ crop: { mode: 'file', file: 'boxes.csv' } });
    const codes = result.report.issues.map((i) => [i.code, i.sample ?? null, i.row ?? null]);
    expect(codes).toContainEqual(['crop.box-row', null, 3]);
    expect(codes).toContainEqual(['crop.box-missing', ids[1], null]);
    expect(codes).toContainEqual(['crop.box-missing', ids[2], null]);
    const headless = path.join(work, 'headless.csv');
    await writeFile(headless, `${ids[0]},0,0,32,32\n`);
    await expect(
      convert({ root, out: path.join(work, 'headless'), frames: 'process', crop: headless }),
    ).rejects.toThrow(/the first row must name the columns id,x,y,w,h; missing id, x, y, w, h/);
  });

  it('a box beyond the frame is an error naming the frame, and stops the run under --on-error fail', async () => {
    await expect(
      convert({ root, out: path.join(work, 'outside'), frames: 'process', limit: 1, crop: '50,40,30,30' }),
    ).rejects.toThrow(/crop box x=50 y=40 w=30 h=30 reaches beyond the 64x48 frame/);
  });

  it('--length with tim, linear and nearest on each span; indices remapped and validate passes', async () => {
    for (const span of ['onset-offset', 'full', 'onset-apex'] as const)
      for (const resample of ['tim', 'linear', 'nearest'] as const) {
        const { manifest, info, checked } = await run({
          span,
          length: 10,
          resample,
          size: '16',
          onError: 'skip',
        });
        expect(checked.ok, `${span} ${resample}`).toBe(true);
        expect(manifest.length).toBeGreaterThan(0);
        for (const s of manifest) {
          expect(s.frames).toHaveLength(10);
          expect(s.processing?.temporal.method).toBe(resample);
          expect(s.processing?.temporal.positions).toHaveLength(10);
          if (span !== 'full') expect([s.onset, s.offset]).toEqual([0, 9]);
          expect(s.apex === null || (s.apex >= s.onset && s.apex <= s.offset)).toBe(true);
        }
        expect(info.frames.options).toMatchObject({ temporal: { method: resample, length: 10 } });
      }
  });

  it('--fps halves a 200 fps clip and records the new frame rate', async () => {
    const { manifest, checked } = await run({
      fps: 100,
      resample: 'linear',
      imageFormat: 'webp',
      size: '16',
    });
    expect(checked.ok).toBe(true);
    for (const s of manifest) {
      expect(s.fps).toBe(100);
      const n = s.processing?.temporal.source_frames ?? 0;
      expect(s.frames).toHaveLength(Math.floor((n - 1) / 2) + 1);
      expect(s.frames[0]).toMatch(/\.webp$/);
    }
  });

  it('the CLI takes the processing options and rejects bad ones with exit 2', async () => {
    const out = path.join(work, 'cli');
    const ok = await runCli([
      'convert',
      root,
      '-o',
      out,
      '--frames',
      'process',
      '--limit',
      '1',
      '--crop',
      '0,0,32,32',
      '--size',
      '16',
      '--length',
      '5',
      '--resample',
      'tim',
      '--jobs',
      '2',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const s = SampleSchema.parse(
      JSON.parse((await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).split('\n')[0] as string),
    );
    expect(s.frames).toHaveLength(5);
    const bad = await runCli([
      'convert',
      root,
      '-o',
      path.join(work, 'bad'),
      '--frames',
      'process',
      '--size',
      '0x3',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--size: expected a size as N or WxH/);
    const both = await runCli([
      'convert',
      root,
      '-o',
      path.join(work, 'bad'),
      '--frames',
      'process',
      '--fps',
      '50',
      '--length',
      '4',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--fps or --length, not both/);
    const ignored = await runCli([
      'convert',
      root,
      '-o',
      path.join(work, 'bad'),
      '--frames',
      'copy',
      '--size',
      '64',
      '--crop',
      'face',
    ]);
    expect(ignored.code).toBe(2);
    expect(ignored.stderr).toMatch(/--crop, --size only apply with --frames process \(got --frames copy\)/);
  });
});
