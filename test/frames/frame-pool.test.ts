import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type FastClipTask,
  type FastTask,
  runFastClipTask,
  runFastTask,
} from '../../src/frames/fast-jpeg.js';
import type { OutputShape } from '../../src/frames/render.js';
import { planTemporal } from '../../src/frames/temporal.js';
import { tempDir } from '../helpers/tmp.js';

// The pool starts workers only from the compiled package (dist/, built by `npm test`): these tests
// run it in a child process, as the CLI does, and compare with the same tasks run here in-process.
const ROOT = path.resolve(import.meta.dirname, '../..');
const POOL = path.join(ROOT, 'dist/src/frames/frame-pool.js');

const shape: OutputShape = {
  size: { width: 112, height: 112 },
  fit: 'cover',
  gray: false,
  format: 'jpg',
  quality: 90,
};
const geo = { rotation: 0, box: { x: 330, y: 90, w: 360, h: 360 }, frameWidth: 1020, frameHeight: 544 };

const SCRIPT = `
  import { runFast, runFastClip, workerCount } from ${JSON.stringify(POOL)};
  const tasks = JSON.parse(process.argv.at(-1));
  const results = await Promise.all(tasks.map((t) => (t.plan ? runFastClip(t) : runFast(t)).then(
    (r) => r.kind === 'pixels' ? { ...r, frame: { ...r.frame, data: Buffer.from(r.frame.data).toString('base64') } } : r,
    (e) => ({ error: e.message }),
  )));
  console.log(JSON.stringify({ results, workers: workerCount() }));
`;

/**
 * Runs `tasks` on the pool in a fresh process, from a script file, or with `node -e` (whose
 * --input-type a worker refuses to start with); each result (pixels as base64) or error.
 */
async function inChild(
  dir: string,
  tasks: (FastTask | FastClipTask)[],
  how: 'file' | 'eval' = 'file',
): Promise<{ results: unknown[]; workers: number }> {
  const script = path.join(dir, 'pool.mjs');
  await writeFile(script, SCRIPT);
  const args = how === 'file' ? [script] : ['--input-type=module', '-e', SCRIPT];
  // no process.exit in the script: idle workers must not keep the process alive (the timeout fails it)
  const { stdout } = await promisify(execFile)(process.execPath, [...args, JSON.stringify(tasks)], {
    timeout: 30_000,
  });
  return JSON.parse(stdout);
}

describe('frame workers', () => {
  let dir: string;
  let frame: string;

  beforeAll(async () => {
    expect(existsSync(POOL), 'dist/ is built by `npm run build`').toBe(true);
    dir = await tempDir();
    frame = path.join(dir, 'grey.jpg');
    const px = Buffer.alloc(1020 * 544);
    for (let i = 0; i < px.length; i++) px[i] = (i * 7919 + (i >> 9) * 31) % 251;
    await sharp(px, { raw: { width: 1020, height: 544, channels: 1 } })
      .jpeg({ quality: 90 })
      .toFile(frame);
  });

  it('write the same bytes and give the same pixels as the tasks run in-process', async () => {
    const tasks: FastTask[] = [];
    for (let i = 0; i < 6; i++)
      tasks.push({ file: frame, geo, shape, out: path.join(dir, `worker-${i}.jpg`) });
    tasks.push({ file: frame, geo, shape, out: null });
    const { results, workers } = await inChild(dir, tasks);
    expect(results.slice(0, 6)).toEqual(Array(6).fill({ kind: 'written' }));
    // seven frames in flight at once: more than one worker, never more than the cores
    expect(workers).toBeGreaterThan(1);
    const here = runFastTask({ file: frame, geo, shape, out: path.join(dir, 'here.jpg') });
    expect(here).toEqual({ kind: 'written' });
    const expected = await readFile(path.join(dir, 'here.jpg'));
    for (let i = 0; i < 6; i++)
      expect((await readFile(path.join(dir, `worker-${i}.jpg`))).equals(expected)).toBe(true);
    const pixels = runFastTask({ file: frame, geo, shape, out: null });
    expect(pixels.kind).toBe('pixels');
    const fromWorker = results[6] as {
      kind: string;
      frame: { data: string; width: number; channels: number };
    };
    expect(fromWorker.kind).toBe('pixels');
    expect([fromWorker.frame.width, fromWorker.frame.channels]).toEqual([112, 3]);
    if (pixels.kind === 'pixels')
      expect(Buffer.from(fromWorker.frame.data, 'base64').equals(pixels.frame.data)).toBe(true);
  });

  it('refuse what needs sharp, and fail a missing frame with its path', async () => {
    const { results } = await inChild(dir, [
      { file: frame, geo: { ...geo, rotation: 5 }, shape, out: null },
      { file: path.join(dir, 'gone.jpg'), geo, shape, out: null },
    ]);
    expect(results[0]).toEqual({ kind: 'refused' });
    expect((results[1] as { error: string }).error).toMatch(/ENOENT.*gone\.jpg/);
  });

  it('run on the calling thread when a worker cannot start, with the same output', async () => {
    const tasks: FastTask[] = [
      { file: frame, geo, shape, out: path.join(dir, 'fallback.jpg') },
      { file: frame, geo, shape, out: path.join(dir, 'fallback-2.jpg') },
      { file: frame, geo, shape, out: null },
    ];
    const { results, workers } = await inChild(dir, tasks, 'eval');
    expect(workers).toBe(0);
    expect(results.slice(0, 2)).toEqual([{ kind: 'written' }, { kind: 'written' }]);
    expect((results[2] as { kind: string }).kind).toBe('pixels');
    runFastTask({ file: frame, geo, shape, out: path.join(dir, 'here-2.jpg') });
    const expected = await readFile(path.join(dir, 'here-2.jpg'));
    expect((await readFile(path.join(dir, 'fallback.jpg'))).equals(expected)).toBe(true);
  });

  it('blend a whole clip on one worker into the bytes the calling thread writes, and give back a clip they cannot take', async () => {
    const frames = Array.from({ length: 12 }, () => frame);
    const plan = planTemporal(frames.length, 200, { length: 5, resample: 'tim' });
    const clip = (tag: string, files = frames): FastClipTask => ({
      plan,
      files,
      geo,
      shape,
      outs: plan.positions.map((_, j) => path.join(dir, `${tag}-${j}.jpg`)),
    });
    const broken = [...frames];
    broken[3] = path.join(dir, 'gone.jpg');
    const { results } = await inChild(dir, [clip('worker'), clip('broken', broken)]);
    expect(results).toEqual([{ kind: 'written' }, { kind: 'refused' }]);
    expect(runFastClipTask(clip('here'))).toEqual({ kind: 'written' });
    for (let j = 0; j < 5; j++) {
      const ours = await readFile(path.join(dir, `here-${j}.jpg`));
      expect((await readFile(path.join(dir, `worker-${j}.jpg`))).equals(ours)).toBe(true);
    }
  });

  it('load no sharp: nothing the worker imports, however indirectly, imports it (sharp #2263)', async () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = async (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, spec] of (await readFile(file, 'utf8')).matchAll(/from '([^']+)'/g)) {
        if (spec?.startsWith('.')) await visit(path.resolve(path.dirname(file), spec));
        else packages.add(spec as string);
      }
    };
    await visit(path.join(ROOT, 'dist/src/frames/frame-worker.js'));
    expect(seen.size).toBeGreaterThan(5);
    expect([...packages].filter((p) => p.startsWith('sharp'))).toEqual([]);
  });
});
