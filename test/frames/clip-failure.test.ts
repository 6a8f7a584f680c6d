import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type ClipSettings, processClip } from '../../src/frames/process-clip.js';
import { tempDir } from '../helpers/tmp.js';

/** `count` 128² JPEG frames in a fresh folder, frame `missing` named but never written; and an output folder. */
async function clipWithout(missing: number, count: number): Promise<{ frames: string[]; out: string }> {
  const work = await tempDir();
  const jpeg = await sharp({ create: { width: 128, height: 128, channels: 3, background: '#806040' } })
    .jpeg()
    .toBuffer();
  const frames: string[] = [];
  for (let i = 0; i < count; i++) {
    frames.push(path.join(work, `img${String(i).padStart(3, '0')}.jpg`));
    if (i !== missing) await writeFile(frames[i] as string, jpeg);
  }
  const out = path.join(work, 'out');
  await mkdir(out);
  return { frames, out };
}

const settings = (temporal: ClipSettings['temporal']): ClipSettings => ({
  crop: { mode: 'box', box: { x: 0, y: 0, w: 128, h: 128 } },
  box: { x: 0, y: 0, w: 128, h: 128 },
  align: false,
  margin: 0,
  shape: { size: { width: 64, height: 64 }, fit: 'cover', gray: false, format: 'jpg', quality: 90 },
  temporal,
});

describe('a clip whose frame fails', () => {
  it('starts no frame after the failure and reports it once the frames in flight have ended', async () => {
    const { frames, out } = await clipWithout(1, 40);
    const clip = { id: 'c', frames, fps: 200, onset: 0, apex: null, offset: 39 };
    await expect(processClip(clip, settings({ resample: 'linear' }), out)).rejects.toThrow(
      /img001\.jpg: cannot process this frame \(ENOENT/,
    );
    const atFailure = await readdir(out);
    await sleep(500);
    // frame 0 was in flight beside the missing frame 1; nothing came after
    expect(await readdir(out)).toEqual(atFailure);
    expect(atFailure.length).toBeLessThanOrEqual(1);
  });

  it('under TIM, names the missing frame as the frame-by-frame path does (the blended clip is given back)', async () => {
    const { frames, out } = await clipWithout(3, 12);
    const clip = { id: 'c', frames, fps: 200, onset: 0, apex: null, offset: 11 };
    await expect(processClip(clip, settings({ length: 5, resample: 'tim' }), out)).rejects.toThrow(
      /img003\.jpg: cannot process this frame \(ENOENT/,
    );
  });
});
