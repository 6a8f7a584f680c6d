import { mkdir, symlink, writeFile } from 'node:fs/promises';
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

/** The first bytes of an AVI file (RIFF header, `AVI ` form type, an `hdrl` list): what validate checks. */
const AVI_HEAD = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0x10, 0, 0]),
  Buffer.from('AVI LIST'),
  Buffer.from([0x04, 0x10, 0, 0]),
  Buffer.from('hdrl'),
]);

describe('validate: samples whose pixels live in a video', () => {
  it('passes when the video exists and names a missing one as an error', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'videos'));
    await writeFile(path.join(dir, 'videos', 'trial.avi'), AVI_HEAD);
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

  it('refuses a 1-byte or text "video", a symlink out of the folder and a folder named .avi', async () => {
    const dir = await tempDir();
    await mkdir(path.join(dir, 'videos', 'folder.avi'), { recursive: true });
    await writeFile(path.join(dir, 'videos', 'one.avi'), 'x');
    await writeFile(path.join(dir, 'videos', 'text.avi'), 'this is not a video at all\n');
    await symlink('/etc/passwd', path.join(dir, 'videos', 'passwd.avi'));
    const manifest = path.join(dir, 'manifest.jsonl');
    const expectations: [string, string][] = [
      ['one.avi', "video.bad-file mine/s1/c1: video 'videos/one.avi' is a text file, not a video"],
      ['text.avi', "video 'videos/text.avi' is a text file, not a video"],
      ['passwd.avi', "video 'videos/passwd.avi' is a symlink to /etc/passwd, outside the dataset folder"],
      ['folder.avi', "video 'videos/folder.avi' is not a regular file"],
    ];
    for (const [name, message] of expectations) {
      await writeFile(manifest, `${JSON.stringify(sample(`videos/${name}`))}\n`);
      const run = await runCli(['validate', manifest]);
      expect(run.code, name).toBe(1);
      expect(run.stdout).toContain(message);
      expect(run.stdout).toContain('[manifest.jsonl, row 1]');
    }
  });

  it('accepts the container signatures of MP4/MOV and MKV, warns on an unknown binary', async () => {
    const dir = await tempDir();
    const manifest = path.join(dir, 'manifest.jsonl');
    const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.alloc(12)]);
    const mkv = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(28, 0x80)]);
    for (const [name, bytes] of [
      ['a.mp4', mp4],
      ['a.mkv', mkv],
    ] as const) {
      await writeFile(path.join(dir, name), bytes);
      await writeFile(manifest, `${JSON.stringify(sample(name))}\n`);
      expect((await runCli(['validate', manifest])).code, name).toBe(0);
    }
    await writeFile(path.join(dir, 'raw.avi'), Buffer.alloc(64, 0x9c));
    await writeFile(manifest, `${JSON.stringify(sample('raw.avi'))}\n`);
    const raw = await runCli(['validate', manifest]);
    expect(raw.code).toBe(0);
    expect(raw.stdout).toContain(
      "video.unknown-container mine/s1/c1: video 'raw.avi' is not a known video container",
    );
  });
});
