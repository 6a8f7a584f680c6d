import { cp, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { readManifest } from '../../src/manifest/read.js';
import { runBin, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('me-unify CLI: exit codes and messages', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await tempDir();
    root = path.join(dir, 'CASME2');
    await makeCasme2({ root });
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    expect((await runCli(['convert', root, '-o', path.join(dir, 'x'), '--frobnicate'])).code).toBe(2);
  });

  it('a bad option value is a usage error naming the expectation', async () => {
    const run = await runCli(['convert', root, '-o', path.join(dir, 'x'), '--frames', 'some']);
    expect(run.code).toBe(2);
  });

  it('an unknown --format or label profile is a usage error', async () => {
    const fmt = await runCli(['convert', root, '-o', path.join(dir, 'x'), '--format', 'nope']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain("unknown --format 'nope'; expected one of casme2");
    const labels = await runCli(['convert', root, '-o', path.join(dir, 'x'), '--labels', 'nope']);
    expect(labels.code).toBe(2);
    expect(labels.stderr).toContain("--labels 'nope': no such profile; expected one of");
  });

  it('refuses an output folder inside the source tree (exit 2) and writes nothing there', async () => {
    const run = await runCli(['convert', root, '-o', path.join(root, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is inside the source folder');
    expect(await readdir(root)).not.toContain('out');
  });

  it('refuses a non-empty output folder without --overwrite, replaces it with', async () => {
    const out = path.join(dir, 'busy');
    await mkdir(out);
    await writeFile(path.join(out, 'keep.txt'), 'mine');
    const refused = await runCli(['convert', root, '-o', out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is not empty; pass --overwrite');
    expect(await readdir(out)).toEqual(['keep.txt']);
    expect((await runCli(['convert', root, '-o', out, '--overwrite'])).code).toBe(0);
    expect((await readdir(out)).sort()).toEqual([
      'README.md',
      'dataset.json',
      'manifest.csv',
      'manifest.jsonl',
      'manifest.parquet',
      'report.json',
    ]);
  });

  it('validate exits 1 on a broken manifest and names the line', async () => {
    const out = path.join(dir, 'broken');
    expect((await runCli(['convert', root, '-o', out, '--limit', '3'])).code).toBe(0);
    const manifest = path.join(out, 'manifest.jsonl');
    const { readFile } = await import('node:fs/promises');
    const lines = (await readFile(manifest, 'utf8')).trim().split('\n');
    const second = JSON.parse(lines[1] as string);
    second.apex = 999;
    const last = second.frames.at(-1) as string;
    second.frames = [
      ...second.frames.slice(0, -1),
      `${path.posix.dirname(last)}/img99999.jpg`,
      '../../escape.jpg',
    ];
    second.frame_count = second.frames.length;
    await writeFile(manifest, [lines[0], JSON.stringify(second), lines[0], '{oops'].join('\n'));
    const run = await runCli(['validate', out, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { ok: boolean; issues: { code: string; row: number | null }[] };
    expect(report.ok).toBe(false);
    const codes = report.issues.map((i) => `${i.code}@${i.row}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'sample.apex-range@2',
        'frames.missing@2',
        'frames.outside@2',
        'manifest.duplicate-id@3',
        'manifest.invalid-line@4',
      ]),
    );
  });

  it('--frames copy produces a relocatable output: moved, it still validates', async () => {
    const out = path.join(dir, 'copied');
    const run = await runCli(['convert', root, '-o', out, '--frames', 'copy', '--labels', 'megc2019']);
    expect(run.code, run.stderr).toBe(0);
    const samples = await readManifest(out);
    expect(samples).toHaveLength(255);
    const s = samples.find((x) => x.id === 'casme2/sub01/EP02_01f');
    expect(s?.frames[0]).toBe('frames/casme2/sub01/EP02_01f/000000.jpg');
    expect(samples.every((x) => x.frames.every((f) => f.startsWith(`frames/${x.id}/`)))).toBe(true);
    const moved = path.join(dir, 'elsewhere', 'deeper', 'copied');
    await mkdir(path.dirname(moved), { recursive: true });
    await rename(out, moved);
    const again = await runCli(['validate', moved]);
    expect(again.code, again.stdout).toBe(0);
    // and a copy in a third place validates too
    const third = path.join(dir, 'third');
    await cp(moved, third, { recursive: true });
    expect((await runCli(['validate', third])).code).toBe(0);
  });

  it('the built binary runs, prints no stack trace without --debug, and one with it', async () => {
    const plain = await runBin(['convert', path.join(dir, 'nowhere'), '-o', path.join(dir, 'o')]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('me-unify: ');
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await runBin(['--debug', 'convert', path.join(dir, 'nowhere'), '-o', path.join(dir, 'o')]);
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
