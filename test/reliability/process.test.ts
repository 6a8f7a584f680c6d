import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { BIN, runBin, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { frameFile, makeCustomDataset } from './custom-dataset.js';
import { treeDigest } from './tree-hash.js';

/**
 * Failures that need a real process or a real file system: signals mid-conversion, a full disk,
 * a file the user may not read. These spawn the built CLI (`npm run build` first). Each checks
 * that the source is unchanged, that the output holds the previous or the new complete result,
 * and that a rerun completes.
 */
const isRoot = process.getuid?.() === 0;

function canMountTmpfs(dir: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** Resolves once `child` has copied at least `clips` clip folders into its staging folder. */
async function whenStaged(child: ChildProcess, staging: string, clips: number): Promise<void> {
  const framesDir = path.join(staging, 'frames', 'casme2');
  for (let i = 0; i < 1500; i++) {
    if (child.exitCode !== null)
      throw new Error(`convert ended (exit ${child.exitCode}) before it could be interrupted`);
    const subjects = await readdir(framesDir).catch(() => [] as string[]);
    let n = 0;
    for (const s of subjects)
      n += (await readdir(path.join(framesDir, s)).catch(() => [] as string[])).length;
    if (n >= clips) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('convert never started copying frames');
}

function spawnConvert(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [BIN, 'convert', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  child.stdout?.resume();
  const done = new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { child, done };
}

/** Every file of a clip folder whose marker was written (`<clip>/.me-unify-clip.json`, not in `*.tmp`). */
async function finishedClips(staging: string): Promise<string[]> {
  const found = await readdir(path.join(staging, 'frames'), { recursive: true }).catch(() => [] as string[]);
  const clips = found
    .filter((f) => f.endsWith('.me-unify-clip.json') && !f.split(path.sep).some((p) => p.endsWith('.tmp')))
    .map((f) => path.dirname(f));
  const files: string[] = [];
  for (const c of clips)
    for (const f of await readdir(path.join(staging, 'frames', c))) files.push(path.join('frames', c, f));
  return files.sort();
}

/** Inode and modification time of each file: unchanged when a resumed run reuses it. */
async function fileStamps(root: string, files: readonly string[]): Promise<string[]> {
  return Promise.all(
    files.map(async (f) => {
      const st = await stat(path.join(root, f));
      return `${f} ${st.ino} ${st.mtimeMs}`;
    }),
  );
}

/**
 * Every file of `a` equals the one of `b`, byte for byte, and neither has more — except
 * dataset.json's `created`, the time of the run (README § When things go wrong says so).
 */
async function expectSameOutput(a: string, b: string): Promise<void> {
  const list = async (root: string) =>
    (await readdir(root, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => path.relative(root, path.join(e.parentPath, e.name)))
      .sort();
  const files = await list(a);
  expect(files).toEqual(await list(b));
  expect(files).toEqual(expect.arrayContaining(['dataset.json', 'report.json', 'manifest.parquet']));
  for (const f of files) {
    const [x, y] = await Promise.all([readFile(path.join(a, f)), readFile(path.join(b, f))]);
    if (f === 'dataset.json') {
      const strip = (buf: Buffer) => ({ ...(JSON.parse(buf.toString('utf8')) as object), created: null });
      expect(strip(x), f).toEqual(strip(y));
    } else expect(x.equals(y), `${f} differs from the uninterrupted run's`).toBe(true);
  }
}

async function manifestOf(out: string): Promise<string> {
  return readFile(path.join(out, 'manifest.jsonl'), 'utf8');
}

describe('interrupted conversions', () => {
  let base: string;
  let source: string;
  let sourceDigest: string;
  let cleanManifest: string;
  let clean: string;

  beforeAll(async () => {
    base = await tempDir('me-unify-signals-');
    source = path.join(base, 'CASME2');
    await makeCasme2({ root: source });
    sourceDigest = await treeDigest(source);
    clean = path.join(base, 'clean');
    // the same options as the interrupted runs below, so every output file can be compared
    const run = await runCli([
      'convert',
      source,
      '-o',
      clean,
      '--frames',
      'copy',
      '--overwrite',
      '--jobs',
      '1',
    ]);
    expect(run.code, run.stderr).toBe(0);
    cleanManifest = (await manifestOf(clean)).replaceAll('/clean/', '/OUT/');
  });

  for (const signal of ['SIGINT', 'SIGKILL'] as const) {
    it(`${signal} mid-conversion keeps the previous result; a rerun resumes and completes`, async () => {
      const out = path.join(base, `out-${signal}`);
      const previous = await runCli(['convert', source, '-o', out, '--limit', '3']);
      expect(previous.code, previous.stderr).toBe(0);
      const previousDigest = await treeDigest(out);
      const staging = path.join(base, `.out-${signal}.partial`);

      const args = [source, '-o', out, '--frames', 'copy', '--overwrite', '--jobs', '1'];
      const { child, done } = spawnConvert(args);
      await whenStaged(child, staging, 5);
      child.kill(signal);
      const killed = await done;
      if (signal === 'SIGINT') {
        // ended by SIGINT itself once the message is out (a shell reports 130): see input-signals.test.ts
        expect(killed.signal).toBe('SIGINT');
        expect(killed.stderr).toContain(`me-unify: interrupted (SIGINT); ${out} keeps its previous content`);
        expect(killed.stderr).toContain(`finished clips are kept in ${staging}`);
      } else expect(killed.signal).toBe('SIGKILL');

      expect(await treeDigest(out)).toBe(previousDigest);
      expect(await exists(staging)).toBe(true);
      expect(await treeDigest(source)).toBe(sourceDigest);

      // the clips finished before the signal: their files must be reused, not written again
      const finished = await finishedClips(staging);
      expect(finished.length).toBeGreaterThan(0);
      const stamps = await fileStamps(staging, finished);

      const rerun = await runBin(['convert', ...args]);
      expect(rerun.code, rerun.stderr).toBe(0);
      expect(await exists(staging)).toBe(false);
      expect(await fileStamps(out, finished), 'finished clips were redone').toEqual(stamps);
      await expectSameOutput(out, clean);
      expect((await manifestOf(out)).replaceAll(`/out-${signal}/`, '/OUT/')).toBe(cleanManifest);
      expect((await runCli(['validate', out])).code).toBe(0);
      expect(await treeDigest(source)).toBe(sourceDigest);
    });
  }
});

describe('a disk that fills up mid-run', () => {
  let base: string;
  let mnt: string;
  let mounted = false;
  let mountable = false;

  beforeAll(async () => {
    base = await tempDir('me-unify-diskfull-');
    mnt = path.join(base, 'small-disk');
    await mkdir(mnt);
    mountable = isRoot && canMountTmpfs(mnt);
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mnt]);
  });

  it('on a 2 MB tmpfs: ENOSPC is named, the output keeps its previous result, a rerun after freeing space completes', async (ctx) => {
    if (!mountable) {
      // honest skip: without a size-limited file system there is no real ENOSPC to provoke
      ctx.skip('cannot mount a tmpfs here (needs root); disk-full behaviour not exercised');
      return;
    }
    const source = path.join(base, 'CASME2');
    await makeCasme2({ root: source });
    const sourceDigest = await treeDigest(source);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt]);
    mounted = true;
    const out = path.join(mnt, 'out');
    const previous = await runCli(['convert', source, '-o', out, '--limit', '2']);
    expect(previous.code, previous.stderr).toBe(0);
    const previousDigest = await treeDigest(out);

    const full = await runBin(['convert', source, '-o', out, '--frames', 'copy', '--overwrite']);
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toContain('no space left on the device');
    expect(full.stderr).toContain(out);
    expect(full.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
    expect(await treeDigest(out)).toBe(previousDigest);
    expect(await treeDigest(source)).toBe(sourceDigest);

    execFileSync('mount', ['-o', 'remount,size=64m', mnt]);
    const rerun = await runBin(['convert', source, '-o', out, '--frames', 'copy', '--overwrite']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await runCli(['validate', out])).code).toBe(0);
    expect(await treeDigest(source)).toBe(sourceDigest);
  });
});

describe('a frame the user may not read', () => {
  it(
    isRoot ? 'chmod 000, validated as an unprivileged user (root reads anything)' : 'chmod 000',
    async () => {
      const base = await tempDir('me-unify-unreadable-');
      await chmod(base, 0o755);
      const { root } = await makeCustomDataset(path.join(base, 'src'));
      const frame = path.join(root, frameFile('s01', 'c1', 3));
      await chmod(frame, 0o000);
      const before = await treeDigest(root);
      const manifest = path.join(root, 'manifest.csv');
      // root bypasses file permissions, so the check runs as `nobody` to meet a real EACCES
      const run = isRoot
        ? await new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'validate', manifest], {
              uid: 65534,
              gid: 65534,
              cwd: '/',
            });
            let out = '';
            child.stdout.on('data', (d) => {
              out += d;
            });
            child.stderr.on('data', (d) => {
              out += d;
            });
            child.on('close', (code) => resolve({ code, out }));
          })
        : await runCli(['validate', manifest]).then((r) => ({
            code: r.code,
            out: `${r.stdout}\n${r.stderr}`,
          }));
      expect(run.code, run.out).toBe(1);
      expect(run.out).toContain(
        `frames.unreadable mylab/s01/c1: frame '${frameFile('s01', 'c1', 3)}' cannot be read: permission denied`,
      );
      expect(await treeDigest(root)).toBe(before);
    },
  );
});
