import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { BIN, runBin, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { makeCustomDataset } from './custom-dataset.js';
import { pathDigest, treeDigest } from './tree-hash.js';

/**
 * The output side with real processes and real file systems (`npm run build` first): two runs
 * into one output at once, a disk that fills up under `--frames process --on-error skip` or while
 * the manifest is written, and a read-only file system. Mounts need root; without it those
 * tests say so and skip.
 */
const STACK = /\n\s+at .+:\d+:\d+\)?$/m;

function canMount(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function start(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stderr: string }>;
} {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let base: string;
let source: string;
let sourceDigest: string;
const mounts: string[] = [];

beforeAll(async () => {
  base = await tempDir('me-unify-output-');
  source = path.join(base, 'CASME2');
  await makeCasme2({ root: source });
  sourceDigest = await treeDigest(source);
});

afterEach(() => {
  for (const m of mounts.splice(0)) execFileSync('umount', [m]);
});

async function mountTmpfs(name: string, options: string): Promise<string | null> {
  const dir = path.join(base, name);
  await mkdir(dir, { recursive: true });
  if (!canMount(dir)) return null;
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

describe('two runs into one output', () => {
  it('the second is refused while the first holds the lock; the first completes a valid output', async () => {
    const out = path.join(base, 'shared-out');
    const lock = path.join(base, '.shared-out.lock');
    const first = start(['convert', source, '-o', out, '--frames', 'process', '--size', '48', '--jobs', '1']);
    // mid-run: the lock taken and a first clip staged
    await until(
      async () =>
        first.child.exitCode !== null ||
        ((await pathDigest(lock)) !== 'absent' &&
          (
            await readdir(path.join(base, '.shared-out.partial', 'frames'), { recursive: true }).catch(
              () => [],
            )
          ).length > 3),
      'the first run to start writing',
    );
    expect(first.child.exitCode, 'the first run ended before the second could start').toBeNull();
    // a second run (another dataset, another mode, --overwrite) into the same output is refused
    const small = path.join(base, 'small');
    const { root, config } = await makeCustomDataset(small);
    const second = await runBin([
      'convert',
      root,
      '-o',
      out,
      '--format',
      'custom',
      '--config',
      config,
      '--frames',
      'copy',
      '--overwrite',
    ]);
    expect(first.child.exitCode, 'the first run must still be running').toBeNull();
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toContain(
      `${out}: another me-unify run (pid ${first.child.pid}) is writing this output folder`,
    );
    expect(second.stderr).toContain(lock);
    expect(second.stderr).not.toMatch(STACK);
    const done = await first.done;
    expect(done.code, done.stderr).toBe(0);
    expect(await pathDigest(lock)).toBe('absent');
    expect((await runCli(['validate', out])).code).toBe(0);
    expect(await treeDigest(source)).toBe(sourceDigest);
  }, 120_000);
});

describe('a full disk', () => {
  it('under --frames process --on-error skip: stops at once, names the output, keeps the previous result', async (ctx) => {
    const mnt = await mountTmpfs('full-process', 'size=2m');
    if (!mnt) return ctx.skip('cannot mount a tmpfs here (needs root); disk-full behaviour not exercised');
    const out = path.join(mnt, 'out');
    expect((await runCli(['convert', source, '-o', out, '--limit', '2'])).code).toBe(0);
    const previous = await pathDigest(out);
    const run = await runBin([
      'convert',
      source,
      '-o',
      out,
      '--frames',
      'process',
      '--image-format',
      'png',
      '--on-error',
      'skip',
      '--overwrite',
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`${out}: cannot write the output folder while writing the frames of`);
    expect(run.stderr).toContain('no space left on the device');
    expect(run.stderr).not.toContain('in the source');
    expect(run.stderr).not.toMatch(STACK);
    expect(await pathDigest(out)).toBe(previous);
    expect(await pathDigest(path.join(mnt, '.out.lock'))).toBe('absent');
    // stopped at once: a handful of clips were started, not all 250
    const staged = await readdir(path.join(mnt, '.out.partial', 'frames', 'casme2'), { recursive: true });
    expect(staged.filter((f) => /EP[^/]*$/.test(f)).length).toBeLessThan(60);
    expect(await treeDigest(source)).toBe(sourceDigest);
  }, 180_000);

  it('while writing the manifest: names the output folder, keeps the previous result', async (ctx) => {
    const mnt = await mountTmpfs('full-manifest', 'size=256k');
    if (!mnt) return ctx.skip('cannot mount a tmpfs here (needs root); disk-full behaviour not exercised');
    const out = path.join(mnt, 'out');
    expect((await runCli(['convert', source, '-o', out, '--limit', '2'])).code).toBe(0);
    const previous = await pathDigest(out);
    const run = await runBin(['convert', source, '-o', out, '--overwrite']); // 260 KB of manifest.jsonl
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(`${out}: cannot write the output folder while writing manifest.jsonl`);
    expect(run.stderr).toContain('no space left on the device');
    expect(run.stderr).not.toContain('file not named by the system');
    expect(run.stderr).not.toMatch(STACK);
    expect(await pathDigest(out)).toBe(previous);
  }, 120_000);
});

describe('a read-only file system', () => {
  it('is reported as read-only, naming the output folder, for a new and for an existing output', async (ctx) => {
    const mnt = await mountTmpfs('readonly', 'size=4m');
    if (!mnt) return ctx.skip('cannot mount a tmpfs here (needs root); read-only behaviour not exercised');
    const out = path.join(mnt, 'out');
    expect((await runCli(['convert', source, '-o', out, '--limit', '2'])).code).toBe(0);
    const previous = await pathDigest(out);
    execFileSync('mount', ['-o', 'remount,ro', mnt]);
    for (const [target, extra] of [
      [out, ['--overwrite']],
      [path.join(mnt, 'new', 'out'), []],
    ] as const) {
      const run = await runBin(['convert', source, '-o', target, ...extra]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(`${target}: cannot write the output folder`);
      expect(run.stderr).toContain('read-only file system');
      expect(run.stderr).not.toContain('no such file or folder');
      expect(run.stderr).not.toMatch(STACK);
    }
    expect(await pathDigest(out)).toBe(previous);
    expect(await stat(path.join(mnt, 'new')).catch(() => null)).toBeNull();
  }, 120_000);
});
