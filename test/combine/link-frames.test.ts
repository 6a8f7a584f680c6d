import { mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { copySampleFrames } from '../../src/combine/link-frames.js';
import { makeSample } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

/**
 * The link step's own guards, without the validation before it (as when a file is swapped between
 * the check and the link): nothing outside the composite's frames folder is made, nothing outside
 * the input's frames root is linked.
 */
describe('combine: the frame linker refuses whatever the checks before it missed', () => {
  let dir: string;
  let input: string;
  let framesDir: string;
  let sentinel: string;
  const out = () => path.join(dir, 'out');
  // the output's guard is tested with OutputDir; here only the linker's own guards stand
  const noGuard = async (p: string) => p;

  beforeEach(async () => {
    dir = await tempDir();
    input = path.join(dir, 'in');
    framesDir = path.join(dir, '.out.partial', 'frames');
    sentinel = path.join(dir, 'sentinel.jpg');
    await mkdir(path.join(input, 'frames', 'c1'), { recursive: true });
    await mkdir(framesDir, { recursive: true });
    await writeFile(path.join(input, 'frames', 'c1', 'img1.jpg'), 'frame');
    await writeFile(sentinel, 'secret');
  });

  const sample = (id: string, frame: string) =>
    makeSample('d', 's', 'c', { id, nFrames: 1, frames: [path.relative(out(), path.join(input, frame))] });

  it('links a frame inside the root', async () => {
    const s = await copySampleFrames(
      sample('d/s/c', 'frames/c1/img1.jpg'),
      path.join(input, 'frames'),
      framesDir,
      out(),
      noGuard,
    );
    expect(s.frames).toEqual(['frames/d/s/c/000000.jpg']);
    expect((await stat(path.join(input, 'frames', 'c1', 'img1.jpg'))).nlink).toBe(2);
  });

  it('an id climbing out with .. makes no folder outside frames/', async () => {
    await expect(
      copySampleFrames(
        sample('d/../../../escape', 'frames/c1/img1.jpg'),
        path.join(input, 'frames'),
        framesDir,
        out(),
        noGuard,
      ),
    ).rejects.toThrow(/segment "\.\." is a relative path step.*; refusing to write outside/);
    expect((await readdir(dir)).sort()).toEqual(['.out.partial', 'in', 'sentinel.jpg']);
    expect(await readdir(framesDir)).toEqual([]);
  });

  it('a symlink out of the frames root is not linked (the sentinel keeps one link)', async () => {
    await symlink(sentinel, path.join(input, 'frames', 'c1', 'img2.jpg'));
    await expect(
      copySampleFrames(
        sample('d/s/c', 'frames/c1/img2.jpg'),
        path.join(input, 'frames'),
        framesDir,
        out(),
        noGuard,
      ),
    ).rejects.toThrow(/img2\.jpg resolves to .*sentinel\.jpg, outside its input's frames folder/);
    expect((await stat(sentinel)).nlink).toBe(1);
    expect(await readdir(framesDir)).toEqual([]);
  });

  it('a path outside the root is not linked', async () => {
    await expect(
      copySampleFrames(
        sample('d/s/c', '../sentinel.jpg'),
        path.join(input, 'frames'),
        framesDir,
        out(),
        noGuard,
      ),
    ).rejects.toThrow(/outside its input's frames folder/);
    expect((await stat(sentinel)).nlink).toBe(1);
  });

  it('a folder under a frame name is not linked', async () => {
    await mkdir(path.join(input, 'frames', 'c1', 'img3.jpg'));
    await expect(
      copySampleFrames(
        sample('d/s/c', 'frames/c1/img3.jpg'),
        path.join(input, 'frames'),
        framesDir,
        out(),
        noGuard,
      ),
    ).rejects.toThrow(/img3\.jpg: not a regular file/);
  });
});
