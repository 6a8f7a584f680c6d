import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type FaultCode, faults } from '../helpers/fault-fs.js';
import { tempDir } from '../helpers/tmp.js';
import { makeCustomDataset } from './custom-dataset.js';
import { pathDigest } from './tree-hash.js';

vi.mock('node:fs/promises', async (importOriginal) => {
  const { faultyFs } = await import('../helpers/fault-fs.js');
  return faultyFs(await importOriginal());
});

/**
 * A disk that fails at any point of a run: the Nth write-side file-system call (write, copy,
 * rename, mkdir, link, open for writing) fails with ENOSPC, EIO or EACCES, for every N of the
 * run's write sequence. After each, the output folder holds the previous complete result or the
 * new one (compared file by file), the message names the OUTPUT folder, no lock is left, and a
 * rerun without the fault completes with the new result.
 */

/** Every file under `out` with its bytes; dataset.json without `created` (the run's time). */
async function outputState(out: string): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  const entries = await readdir(out, { recursive: true, withFileTypes: true }).catch(() => null);
  if (!entries) return state;
  for (const e of entries.filter((x) => x.isFile())) {
    const rel = path.relative(out, path.join(e.parentPath, e.name));
    let text = (await readFile(path.join(out, rel))).toString('base64');
    if (rel === 'dataset.json') {
      const info = JSON.parse(await readFile(path.join(out, rel), 'utf8')) as Record<string, unknown>;
      text = JSON.stringify({ ...info, created: null });
    }
    state.set(rel, text);
  }
  return state;
}

const same = (a: Map<string, string>, b: Map<string, string>) =>
  a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

interface Scenario {
  /** The run under test, writing `out` (which holds a previous result). */
  args(out: string): string[];
  /** Writes the previous complete result into `out`. */
  previous(out: string): Promise<void>;
}

async function sweep(base: string, name: string, scenario: Scenario, codes: FaultCode[]): Promise<number> {
  faults.disarm();
  const reference = path.join(base, `${name}-new`, 'out'); // as deep as the runs below: same relative paths
  expect((await runCli(scenario.args(reference))).code).toBe(0);
  const fresh = await outputState(reference);

  // count the write-side calls of a whole run over a previous result
  const counted = path.join(base, `${name}-count`, 'out');
  await scenario.previous(counted);
  faults.arm(Number.POSITIVE_INFINITY);
  expect((await runCli(scenario.args(counted))).code).toBe(0);
  const total = faults.count;
  faults.disarm();
  expect(total).toBeGreaterThan(10);

  // the first code at every write; the others at every third (the same paths, in less time)
  for (const [k, code] of codes.entries())
    for (let n = k === 0 ? 0 : k; n < total; n += k === 0 ? 1 : 3) {
      const out = path.join(base, `${name}-${code}-${n}`, 'out');
      await scenario.previous(out);
      const before = await outputState(out);
      faults.arm(n, code);
      const run = await runCli(scenario.args(out));
      const failedAt = faults.log[n] ?? '(never reached)';
      faults.disarm();
      const where = `${code} at write ${n} (${failedAt}): exit ${run.code}\n${run.stderr}`;
      const after = await outputState(out);
      expect(same(after, before) || same(after, fresh), `${where}\nthe output is a mix`).toBe(true);
      if (run.code !== 0) {
        expect(run.code, where).toBe(1);
        expect(run.stderr, where).toContain(`${out}: cannot write the output folder`);
        expect(run.stderr, where).toContain(`(${code})`);
        expect(run.stderr, where).not.toContain('file not named by the system');
        expect(run.stderr, where).not.toContain('in the source');
        expect(same(after, before), `${where}\na failed run changed the output`).toBe(true);
      }
      expect(run.stderr, where).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m);
      expect(await pathDigest(path.join(path.dirname(out), '.out.lock')), where).toBe('absent');
      // the fault gone, the same command completes (resuming what was staged)
      const rerun = await runCli(scenario.args(out));
      expect(rerun.code, `${where}\nrerun: ${rerun.stderr}`).toBe(0);
      expect(same(await outputState(out), fresh), `${where}\nthe rerun's output differs`).toBe(true);
    }
  return total;
}

describe('a disk that fails at any write', () => {
  let base: string;
  let root: string;
  let config: string;
  beforeAll(async () => {
    base = await tempDir('me-unify-faults-');
    ({ root, config } = await makeCustomDataset(path.join(base, 'src')));
  });

  const convertArgs = (out: string, ...extra: string[]) => [
    'convert',
    root,
    '-o',
    out,
    '--format',
    'custom',
    '--config',
    config,
    '--jobs',
    '1',
    ...extra,
  ];
  const previousConvert = async (out: string) => {
    const run = await runCli(convertArgs(out, '--limit', '2'));
    expect(run.code, run.stderr).toBe(0);
  };

  it('convert --frames copy --on-error skip: ENOSPC, EIO or EACCES at every write', async () => {
    const total = await sweep(
      base,
      'convert',
      {
        args: (out) => convertArgs(out, '--frames', 'copy', '--overwrite', '--on-error', 'skip'),
        previous: previousConvert,
      },
      ['ENOSPC', 'EIO', 'EACCES'],
    );
    expect(total).toBeGreaterThan(30); // frames, markers, manifests, lock, commit
  }, 300_000);

  it('combine --frames copy: ENOSPC or EIO at every write', async () => {
    const input = path.join(base, 'combine-input');
    expect((await runCli(convertArgs(input, '--frames', 'copy'))).code).toBe(0);
    await sweep(
      base,
      'combine',
      {
        args: (out) => ['combine', input, '-o', out, '--frames', 'copy', '--overwrite'],
        previous: async (out) => {
          const run = await runCli(['combine', input, '-o', out, '--frames', 'reference']);
          expect(run.code, run.stderr).toBe(0);
        },
      },
      ['ENOSPC', 'EIO'],
    );
  }, 300_000);
});
