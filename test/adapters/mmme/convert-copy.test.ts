import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MMME_FPS, makeMmme } from '../../../fixtures/mmme.js';
import { readManifest } from '../../../src/manifest/read.js';
import type { Sample } from '../../../src/schema/sample.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { namesIn, namesUnder } from './helpers.js';

async function grey(file: string): Promise<number> {
  return Math.round((await sharp(file).stats()).channels[0]?.mean ?? -1);
}

// --frames copy decodes each sample's frames from its trial video (frame n of the fixture video has grey level n mod 256).
describe('MMME: trial videos, --frames copy', () => {
  let out: string;
  let samples: Sample[];
  let run: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    const base = await tempDir();
    const root = path.join(base, 'MMME');
    await makeMmme({ root, participants: 3, rowsPerParticipant: 5 });
    out = path.join(base, 'out');
    run = await runCli(['convert', root, '-o', out, '--labels', 'megc2019', '--frames', 'copy']);
    samples = run.code === 0 ? await readManifest(path.join(out, 'manifest.jsonl')) : [];
  }, 120_000);

  it('extracts (offset − onset) × fps + 1 frames per sample, within one frame', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(samples).toHaveLength(15);
    for (const s of samples) {
      const times = s.extra.times as { onset: number; offset: number };
      expect(s.frames).toHaveLength(s.frame_count);
      expect(Math.abs(s.frame_count - ((times.offset - times.onset) * MMME_FPS + 1))).toBeLessThanOrEqual(1);
      expect(s.frames[0]).toMatch(/^frames\/mmme\/p\d{2}\/[a-z]+_\d_\d{3}_\d+\.\d{2}\/000000\.png$/);
    }
  });

  it('takes the frames between onset and offset, in order', async () => {
    for (const s of samples.slice(0, 6)) {
      const first = Math.round((s.extra.times as { onset: number }).onset * MMME_FPS);
      expect(await grey(path.join(out, s.frames[0] as string))).toBe(first % 256);
      const last = s.frames.length - 1;
      expect(await grey(path.join(out, s.frames[last] as string))).toBe((first + last) % 256);
    }
  });

  it('keeps names out of the copied output and validates', async () => {
    expect(await namesUnder(out)).toEqual([]);
    expect(namesIn(run.stdout + run.stderr)).toEqual([]);
    const v = await runCli(['validate', out]);
    expect(v.code, v.stdout).toBe(0);
  });
});
