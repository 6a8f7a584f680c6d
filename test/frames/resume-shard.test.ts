import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { combine } from '../../src/combine/combine.js';
import { convert } from '../../src/convert/convert.js';
import { validate } from '../../src/validate/validate.js';
import { BIN, runBin } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

// Spawns the built CLI: `npm run build` first (npm test does).
let work: string;
let root: string;
const ARGS = [
  '--frames',
  'process',
  '--limit',
  '24',
  '--size',
  '48',
  '--length',
  '12',
  '--resample',
  'tim',
  '--jobs',
  '2',
];

beforeAll(async () => {
  work = await tempDir();
  ({ root } = await makeCasme2({
    root: path.join(work, 'CASME2'),
    frameStyle: { width: 320, height: 240, channels: 3 },
  }));
});

/** Every file under `dir` (frames and manifest), path → bytes, hidden resume records left out. */
async function tree(dir: string, only: (rel: string) => boolean = () => true): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(dir, path.join(entry.parentPath, entry.name));
    if (path.basename(rel).startsWith('.') || !only(rel)) continue;
    files.set(rel, await readFile(path.join(dir, rel)));
  }
  return files;
}

const framesAndManifest = (rel: string) => rel.startsWith('frames') || rel === 'manifest.jsonl';

async function finishedClips(staging: string): Promise<string[]> {
  const found = await readdir(path.join(staging, 'frames'), { recursive: true }).catch(() => [] as string[]);
  // a marker inside `<clip>.tmp/` is a clip being written (renamed into place right after): not finished
  return found.filter(
    (f) => f.endsWith('.me-unify-clip.json') && !f.split(path.sep).some((p) => p.endsWith('.tmp')),
  );
}

describe('resume and shards', () => {
  it('a run killed with SIGKILL and rerun gives the same manifest and frames as an uninterrupted run', async () => {
    const whole = path.join(work, 'whole');
    const first = await runBin(['convert', root, '-o', whole, ...ARGS]);
    expect(first.code, first.stderr).toBe(0);

    const out = path.join(work, 'killed');
    const staging = path.join(work, '.killed.partial');
    const child = spawn(process.execPath, [BIN, 'convert', root, '-o', out, ...ARGS], { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    let done: string[] = [];
    for (let i = 0; i < 400 && done.length < 4; i++) {
      await new Promise((r) => setTimeout(r, 25));
      done = await finishedClips(staging);
    }
    child.kill('SIGKILL');
    await exited;
    expect(done.length).toBeGreaterThanOrEqual(4);
    expect(done.length).toBeLessThan(24); // killed mid-way, not after
    const markerTimes = await Promise.all(
      done.map(async (m) => (await stat(path.join(staging, 'frames', m))).mtimeMs),
    );

    const rerun = await runBin(['convert', root, '-o', out, ...ARGS]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const [a, b] = [await tree(whole, framesAndManifest), await tree(out, framesAndManifest)];
    expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [rel, bytes] of a) expect(b.get(rel)?.equals(bytes), rel).toBe(true);
    // the clips finished before the kill were kept, not redone
    const after = await Promise.all(done.map(async (m) => (await stat(path.join(out, 'frames', m))).mtimeMs));
    expect(after).toEqual(markerTimes);
    expect((await validate(out)).ok).toBe(true);
  }, 180_000);

  it('--shard parts are disjoint, and combined they equal the whole', async () => {
    const opts = { root, frames: 'process' as const, limit: 24, size: '32', jobs: 2 };
    const whole = await convert({ ...opts, out: path.join(work, 'shard-whole') });
    const parts = [];
    for (const i of [1, 2, 3])
      parts.push(await convert({ ...opts, out: path.join(work, `shard-${i}`), shard: `${i}/3` }));
    const ids = parts.flatMap((p) => p.samples.map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(whole.samples.map((s) => s.id).sort());
    for (const p of parts) expect(p.samples.length).toBeGreaterThan(0);
    // each sample is identical, record for record, and so are its frames
    const byId = new Map(whole.samples.map((s) => [s.id, s]));
    for (const p of parts)
      for (const s of p.samples) {
        expect(s).toEqual(byId.get(s.id));
        for (const f of s.frames) {
          const [x, y] = await Promise.all([
            readFile(path.join(p.out, f)),
            readFile(path.join(whole.out, f)),
          ]);
          expect(x.equals(y), f).toBe(true);
        }
      }
    const combined = await combine({
      inputs: parts.map((p) => p.out),
      out: path.join(work, 'shard-combined'),
    });
    expect(combined.samples.map((s) => s.id).sort()).toEqual(whole.samples.map((s) => s.id).sort());
    expect((await validate(combined.out)).ok).toBe(true);
  }, 120_000);
});
