import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jpegPalette, writeFiles } from '../../fixtures/frames.js';
import { makeSmic } from '../../fixtures/smic.js';
import type { SourceSample } from '../../src/adapters/adapter.js';
import { defineAdapter } from '../../src/adapters/define.js';
import { convert } from '../../src/convert/convert.js';
import { scan } from '../../src/convert/scan.js';
import { readManifest } from '../../src/manifest/read.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** What a user would write: a folder of frames marked by `clip.txt`, one clip, an `emotion` option. */
const tiny = defineAdapter({
  id: 'tiny',
  title: 'A tiny user dataset',
  population: 'tiny',
  options: z.object({ emotion: z.enum(['happiness', 'surprise']).default('happiness') }).strict(),
  async detect(root) {
    const found = (await readdir(root)).includes('clip.txt');
    return {
      adapter: 'tiny',
      confidence: found ? 'high' : 'none',
      root: found ? root : null,
      evidence: found ? ['clip.txt'] : [],
      reason: found ? null : 'no clip.txt',
    };
  },
  async scan(root, ctx) {
    const frames = (await readdir(root)).filter((f) => f.endsWith('.jpg')).sort();
    const sample: SourceSample = {
      id: 'tiny/p1/c1',
      dataset: 'tiny',
      subset: null,
      subject: 'tiny/p1',
      event: null,
      clip: 'c1',
      kind: 'micro',
      fps: 30,
      frames: frames.map((f) => path.join(root, f)),
      onset: 0,
      apex: 1,
      offset: frames.length - 1,
      source_frames: { onset: 1, apex: 2, offset: frames.length },
      apex_source: 'annotated',
      emotion: ctx.options.emotion,
      aus: [],
      aus_raw: null,
      source: { directory: '.', sheet: null, sheet_name: null, row: null },
      extra: {},
    };
    return { root, layout: null, samples: [sample], sources: [], details: {}, rejected: 0 };
  },
});

let base: string;
let tinyRoot: string;
let smicRoot: string;

beforeAll(async () => {
  base = await tempDir();
  tinyRoot = path.join(base, 'tiny');
  const palette = await jpegPalette();
  await writeFiles([1, 2, 3].map((n) => [path.join(tinyRoot, `f${n}.jpg`), palette[n] as Buffer]));
  await writeFile(path.join(tinyRoot, 'clip.txt'), 'mine');
  smicRoot = path.join(base, 'SMIC');
  await makeSmic({ root: smicRoot, nonMicroPerSubject: 0 });
}, 60_000);

describe('a user-written adapter, passed by the API caller', () => {
  it('is detected and scanned by scan({ adapters })', async () => {
    const { adapter, result } = await scan(tinyRoot, { adapters: [tiny], emotion: 'surprise' });
    expect(adapter.id).toBe('tiny');
    expect(result.samples.map((s) => [s.id, s.emotion])).toEqual([['tiny/p1/c1', 'surprise']]);
  });

  it('is converted by convert({ adapters }), its options checked by its own schema', async () => {
    const out = path.join(base, 'tiny-out');
    const result = await convert({ root: tinyRoot, out, adapters: [tiny], frames: 'copy' });
    expect(result.samples).toHaveLength(1);
    const [sample] = await readManifest(out);
    expect(sample).toMatchObject({ id: 'tiny/p1/c1', emotion: 'happiness', frame_count: 3 });
    await expect(
      convert({
        root: tinyRoot,
        out: path.join(base, 'tiny-bad'),
        adapters: [tiny],
        options: { emotion: 'rage' },
      }),
    ).rejects.toThrow(/tiny option 'emotion'/);
  });

  it('is unknown without it, and refused when its id is a built-in one', async () => {
    await expect(scan(tinyRoot, { format: 'tiny' })).rejects.toThrow(/unknown --format 'tiny'/);
    const clash = { ...tiny, id: 'casme2' as const };
    await expect(scan(tinyRoot, { adapters: [clash] })).rejects.toThrow(/'casme2' is used twice/);
  });
});

describe('--option key=value, checked by the chosen adapter', () => {
  it('sets an adapter option as its flag does (apexPolicy = --apex)', async () => {
    const viaFlag = path.join(base, 'smic-flag');
    const viaOption = path.join(base, 'smic-option');
    const a = await runCli(['convert', smicRoot, '-o', viaFlag, '--apex', 'missing', '--limit', '3']);
    const b = await runCli([
      'convert',
      smicRoot,
      '-o',
      viaOption,
      '--option',
      'apexPolicy=missing',
      '--limit',
      '3',
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const apexes = async (out: string) => (await readManifest(out)).map((s) => [s.id, s.apex, s.apex_source]);
    expect(await apexes(viaOption)).toEqual(await apexes(viaFlag));
    expect((await apexes(viaOption))[0]?.[2]).toBe('missing');
  });

  it('refuses an option the adapter does not declare, naming it and the ones it accepts (exit 2)', async () => {
    const run = await runCli([
      'convert',
      smicRoot,
      '-o',
      path.join(base, 'smic-x'),
      '--option',
      'microSheet=a.xlsx',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("smic has no option 'microSheet'; it accepts layout, apexPolicy");
  });

  it('refuses a wrong value, naming the option (exit 2)', async () => {
    const run = await runCli([
      'convert',
      smicRoot,
      '-o',
      path.join(base, 'smic-y'),
      '--option',
      'apexPolicy=late',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("smic option 'apexPolicy'");
  });

  it('refuses text that is not key=value (exit 2)', async () => {
    const run = await runCli([
      'convert',
      smicRoot,
      '-o',
      path.join(base, 'smic-z'),
      '--option',
      'apexPolicy',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected key=value');
  });
});
