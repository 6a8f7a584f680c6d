import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The files `npm pack` would put in the tarball (no scripts run, so nothing is rebuilt). */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
  const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((f) => f.path);
}

describe('the npm package', () => {
  it('ships LICENSE, the docs, the schemas, the CLI and every local file the README links to', async () => {
    const files = await packedFiles();
    const readme = await readFile(`${ROOT}README.md`, 'utf8');
    const links = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)]
      .map((m) => m[1] ?? '')
      .filter((l) => !/^[a-z]+:/.test(l));
    expect(links.length).toBeGreaterThan(0);
    for (const needed of [
      'LICENSE',
      'bin/me-unify.js',
      'cjs/require.cjs',
      'docs/datasets.md',
      'docs/output-format.md',
      'schemas/sample.schema.json',
      'data/labels/megc2019.json',
      ...links,
    ])
      expect(files).toContain(needed);
    expect((await readFile(`${ROOT}LICENSE`, 'utf8')).includes('Apache License')).toBe(true);
  }, 60_000);

  it('require() fails with a message that says to use import', async () => {
    const err = await run(process.execPath, ['-e', "require('me-unify')"], { cwd: ROOT }).then(
      () => null,
      (e: { stderr: string }) => e.stderr,
    );
    expect(err).toMatch(/ES module package: use `import/);
  });

  it('import works (the ESM entry is the API)', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--input-type=module', '-e', "const m = await import('me-unify'); console.log(typeof m.convert)"],
      { cwd: ROOT },
    );
    expect(stdout.trim()).toBe('function');
  });
});
