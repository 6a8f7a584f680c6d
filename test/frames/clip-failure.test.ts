import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processClip } from '../../src/frames/process-clip.js';
import { tempDir } from '../helpers/tmp.js';

describe('a clip whose frame fails', () => {
  it('starts no frame after the failure and reports it once the frames in flight have ended', async () => {
    const work = await tempDir();
    const jpeg = await sharp({ create: { width: 128, height: 128, channels: 3, background: '#806040' } })
      .jpeg()
      .toBuffer();
    const frames: string[] = [];
    for (let i = 0; i < 40; i++) {
      frames.push(path.join(work, `img${String(i).padStart(3, '0')}.jpg`));
      if (i !== 1) await writeFile(frames[i] as string, jpeg);
    }
    const out = path.join(work, 'out');
    await mkdir(out);
    const settings = {
      crop: { mode: 'box' as const, box: { x: 0, y: 0, w: 128, h: 128 } },
      box: { x: 0, y: 0, w: 128, h: 128 },
      align: false,
      margin: 0,
      shape: {
        size: { width: 64, height: 64 },
        fit: 'cover' as const,
        gray: false,
        format: 'jpg' as const,
        quality: 90,
      },
      temporal: { resample: 'linear' as const },
    };
    await expect(
      processClip({ id: 'c', frames, fps: 200, onset: 0, apex: null, offset: 39 }, settings, out),
    ).rejects.toThrow(/img001\.jpg: cannot process this frame \(ENOENT/);
    const atFailure = await readdir(out);
    await sleep(500);
    // frame 0 was in flight beside the missing frame 1; nothing came after
    expect(await readdir(out)).toEqual(atFailure);
    expect(atFailure.length).toBeLessThanOrEqual(1);
  });
});
