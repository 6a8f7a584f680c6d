import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const MINUTES = 60_000;

/**
 * A new user's install: `npm pack`, then `npm install -g` of the tarball into a temporary prefix
 * (dependencies from the npm registry), then `me-unify` from that prefix, outside the clone. It
 * takes minutes on a loaded 2-core machine, so it runs in CI (CI set) or with ME_UNIFY_PACK_TEST=1.
 */
const enabled = Boolean(process.env.CI || process.env.ME_UNIFY_PACK_TEST);
if (!enabled)
  console.log(
    'packaging install test skipped: set CI=1 or ME_UNIFY_PACK_TEST=1 to run it (needs the npm registry)',
  );

describe.runIf(enabled)('npm pack → npm install -g <tgz> → me-unify', () => {
  it(
    'gives a working me-unify on the PATH of the prefix: --version and demo',
    async () => {
      const tmp = await tempDir('me-unify-pack-');
      const { stdout: packed } = await run('npm', ['pack', '--json', '--pack-destination', tmp], {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
      const tgz = path.join(tmp, (JSON.parse(packed) as { filename: string }[])[0]?.filename ?? '');
      const prefix = path.join(tmp, 'prefix');
      await run(
        'npm',
        ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tgz],
        {
          cwd: tmp,
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const bin = path.join(prefix, 'bin', 'me-unify');
      const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
        version: string;
      };
      const v = await run(bin, ['--version'], { cwd: tmp });
      expect(v.stdout.trim()).toBe(version);
      const demo = await run(bin, ['demo', '-o', path.join(tmp, 'demo')], {
        cwd: tmp,
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(demo.stdout).toMatch(/442 samples from 68 subjects/);
      expect(demo.stdout).toMatch(/validate: ok/);
    },
    10 * MINUTES,
  );
});
