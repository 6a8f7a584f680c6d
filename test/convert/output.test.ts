import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { clipHash, pruneClips, writeClip } from '../../src/convert/clip-store.js';
import { OutputDir } from '../../src/convert/output.js';
import { tempDir } from '../helpers/tmp.js';

describe('OutputDir: the output changes all at once', () => {
  it('stages in a hidden sibling and swaps it in; the previous result stays until then', async () => {
    const dir = await tempDir();
    const src = path.join(dir, 'src');
    await mkdir(src);
    const out = new OutputDir(path.join(dir, 'out'));
    await out.prepare(src, false);
    await out.writeFile('manifest.jsonl', 'first\n');
    await out.commit();
    expect(await readFile(path.join(dir, 'out', 'manifest.jsonl'), 'utf8')).toBe('first\n');

    const again = new OutputDir(path.join(dir, 'out'));
    await again.prepare(src, true);
    await again.writeFile('manifest.jsonl', 'second\n');
    // not committed yet: the folder still holds the previous complete result
    expect(await readFile(path.join(dir, 'out', 'manifest.jsonl'), 'utf8')).toBe('first\n');
    await again.commit();
    expect(await readFile(path.join(dir, 'out', 'manifest.jsonl'), 'utf8')).toBe('second\n');
    expect((await readdir(dir)).sort()).toEqual(['out', 'src']);
  });

  it('restores the previous result when a run died between the two renames', async () => {
    const dir = await tempDir();
    const src = path.join(dir, 'src');
    await mkdir(src);
    await mkdir(path.join(dir, '.out.old'));
    await writeFile(path.join(dir, '.out.old', 'manifest.jsonl'), 'previous\n');
    const out = new OutputDir(path.join(dir, 'out'));
    await expect(out.prepare(src, false)).rejects.toThrow(/is not empty; pass --overwrite/);
    expect(await readFile(path.join(dir, 'out', 'manifest.jsonl'), 'utf8')).toBe('previous\n');
  });

  it('keeps a killed run’s staging folder so the rerun resumes', async () => {
    const dir = await tempDir();
    const src = path.join(dir, 'src');
    await mkdir(src);
    const first = new OutputDir(path.join(dir, 'out'));
    expect(await first.prepare(src, false)).toEqual({ resumed: false, tookOver: null });
    await first.writeFile('frames/x/000000.jpg', 'x');
    await first.release(); // as a killed run's lock is taken over
    const second = new OutputDir(path.join(dir, 'out'));
    expect(await second.prepare(src, false)).toEqual({ resumed: true, tookOver: null });
    expect(await readFile(path.join(second.staging, 'frames/x/000000.jpg'), 'utf8')).toBe('x');
  });
});

/** A guard that lets every path through: these tests exercise the clip store alone. */
const anywhere = async (p: string) => p;

describe('writeClip: one clip at a time, skipped when unchanged', () => {
  it('writes through a temporary folder, reuses a finished clip, redoes a changed one', async () => {
    const dir = path.join(await tempDir(), 'clip');
    let writes = 0;
    const write = async (tmp: string) => {
      writes++;
      expect(path.basename(tmp)).toBe('clip.tmp');
      await writeFile(path.join(tmp, '000000.jpg'), String(writes));
      return ['000000.jpg'];
    };
    expect(await writeClip(dir, clipHash({ a: 1 }), write, anywhere)).toEqual({
      names: ['000000.jpg'],
      reused: false,
    });
    expect(await writeClip(dir, clipHash({ a: 1 }), write, anywhere)).toEqual({
      names: ['000000.jpg'],
      reused: true,
    });
    expect(writes).toBe(1);
    expect(await writeClip(dir, clipHash({ a: 2 }), write, anywhere)).toEqual({
      names: ['000000.jpg'],
      reused: false,
    });
    expect(await readFile(path.join(dir, '000000.jpg'), 'utf8')).toBe('2');
    expect(await readdir(path.dirname(dir))).toEqual(['clip']);
  });
});

describe('pruneClips: a resumed run keeps only the clips it uses', () => {
  it('removes finished clips not in the manifest, half-written ones, and emptied folders', async () => {
    const frames = path.join(await tempDir(), 'frames');
    const write = async (tmp: string) => {
      await writeFile(path.join(tmp, '000000.jpg'), 'x');
      return ['000000.jpg'];
    };
    await writeClip(path.join(frames, 'casme2/sub01/EP02_01f'), 'h', write, anywhere);
    await writeClip(path.join(frames, 'casme2/sub01/EP19_05f'), 'h', write, anywhere);
    await writeClip(path.join(frames, 'casme2/sub02/EP01_11f'), 'h', write, anywhere);
    await mkdir(path.join(frames, 'casme2/sub03/EP01_2.tmp'), { recursive: true });
    const removed = await pruneClips(frames, new Set(['casme2/sub01/EP02_01f']), anywhere);
    expect(removed).toBe(3);
    expect(await readdir(path.join(frames, 'casme2'))).toEqual(['sub01']);
    expect(await readdir(path.join(frames, 'casme2/sub01'))).toEqual(['EP02_01f']);
  });
});
