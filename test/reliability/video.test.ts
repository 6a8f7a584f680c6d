import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const sample = (video: string) => ({
  id: 'mine/s1/c1',
  dataset: 'mine',
  subset: null,
  subject: 'mine/s1',
  clip: 'c1',
  kind: 'micro',
  fps: 150,
  frame_count: 10,
  frames: [],
  video: { path: video, start_time: 0, end_time: 0.06 },
  onset: 0,
  apex: null,
  offset: 9,
  source_frames: { onset: null, apex: null, offset: null },
  apex_source: 'missing',
  emotion: null,
  label: null,
  label_profile: 'original',
  aus: [],
  aus_raw: null,
  source: { directory: null, sheet: null, sheet_name: null, row: null },
  extra: {},
});

describe('validate: samples whose pixels live in a video', () => {
  it('passes when the video exists and names a missing one as an error', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'videos'));
    await writeFile(path.join(dir, 'videos', 'trial.avi'), 'x');
    const manifest = path.join(dir, 'manifest.jsonl');
    await writeFile(manifest, `${JSON.stringify(sample('videos/trial.avi'))}\n`);
    expect((await runCli(['validate', manifest])).code).toBe(0);
    await writeFile(manifest, `${JSON.stringify(sample('videos/gone.avi'))}\n`);
    const run = await runCli(['validate', manifest]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("video.missing mine/s1/c1: video 'videos/gone.avi' does not exist");
    await writeFile(manifest, `${JSON.stringify(sample('../outside.avi'))}\n`);
    const outside = await runCli(['validate', manifest]);
    expect(outside.code).toBe(1);
    expect(outside.stdout).toContain("video path '../outside.avi' leaves the dataset folder");
  });
});
