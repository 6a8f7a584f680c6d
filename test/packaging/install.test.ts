import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const MINUTES = 60_000;

/**
 * A new user's install: `npm pack`, then `npm install -g` of the tarball into a temporary prefix
 * (dependencies from the npm registry), then `me-unify` from that prefix, outside the clone. It
 * runs in CI (CI set) or with ME_UNIFY_PACK_TEST=1.
 *
 * Kept fast for CI (`npm test` under 10 minutes on 2 cores; this test took 342 s before):
 * - `npm pack --ignore-scripts` packs the dist/ that `npm test` has just built, instead of building
 *   it a second time in `prepack` (it builds only when dist/ is absent);
 * - the install skips lifecycle scripts (the demo needs none: sharp and ffmpeg ship prebuilt
 *   binaries as packages; jpeg-turbo, optional, is then absent and the code falls back), audit and
 *   fund, and prefers the npm cache the project's own install filled.
 * Optional dependencies stay: `npm install -g` ignores `--omit=optional` (npm 10: tfjs was installed
 * anyway), and where honoured it would also drop sharp's platform binary (an optional dependency
 * of sharp), which the demo needs. Measured on the shared 2-core machine: pack 6 s, install 46 s,
 * demo 45 s; the whole test 78 s.
 */
const enabled = Boolean(process.env.CI || process.env.ME_UNIFY_PACK_TEST);
if (!enabled)
  console.log(
    'packaging install test skipped: set CI=1 or ME_UNIFY_PACK_TEST=1 to run it (needs the npm registry)',
  );

describe.runIf(enabled)('npm pack → npm install -g <tgz> → me-unify', () => {
  it(
    'gives a working me-unify on the PATH of the prefix: --version, demo and flow --pair',
    async () => {
      const tmp = await tempDir('me-unify-pack-');
      if (!existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js')))
        await run('npm', ['run', 'build'], { cwd: ROOT });
      const pack = ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp];
      const { stdout: packed } = await run('npm', pack, {
        cwd: ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
      const tgz = path.join(tmp, (JSON.parse(packed) as { filename: string }[])[0]?.filename ?? '');
      const prefix = path.join(tmp, 'prefix');
      await run(
        'npm',
        [
          'install',
          '-g',
          '--prefix',
          prefix,
          '--ignore-scripts',
          '--prefer-offline',
          '--no-audit',
          '--no-fund',
          tgz,
        ],
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
      // optical flow from the installed package: the TV-L1 SIMD solver ships compiled (no compiler
      // needed at install time) and the command runs without dev dependencies
      const installed = path.join(prefix, 'lib', 'node_modules', 'me-unify');
      expect(existsSync(path.join(installed, 'dist', 'wasm', 'tvl1.wasm'))).toBe(true);
      const png = async (file: string, shift: number) => {
        const px = Buffer.alloc(48 * 40);
        for (let i = 0; i < px.length; i++) px[i] = 128 + Math.round(60 * Math.sin((i % 48) / 5 + shift));
        await sharp(px, { raw: { width: 48, height: 40, channels: 1 } })
          .png()
          .toFile(file);
      };
      await png(path.join(tmp, 'a.png'), 0);
      await png(path.join(tmp, 'b.png'), 0.3);
      const npy = path.join(tmp, 'flow.npy');
      await run(bin, ['flow', '--pair', path.join(tmp, 'a.png'), path.join(tmp, 'b.png'), '-o', npy], {
        cwd: tmp,
      });
      const flow = await readFile(npy);
      expect(flow.subarray(1, 6).toString('latin1')).toBe('NUMPY');
      expect(flow.toString('latin1', 10, 128)).toContain("'shape': (40, 48, 2)");
    },
    10 * MINUTES,
  );
});
