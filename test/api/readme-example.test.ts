import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The first ```ts block of the README's "## API" section. */
async function apiExample(): Promise<string> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## API$/m)[1]?.split(/^## /m)[0] ?? '';
  const code = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README.md: no ```ts block in the "## API" section');
  return code;
}

describe('the README API example', () => {
  it('compiles with strict tsc in a consumer project and runs on a synthetic CASME II', async () => {
    expect(existsSync(path.join(ROOT, 'dist/src/index.d.ts')), 'dist/ is built by `npm run build`').toBe(
      true,
    );
    const dir = await tempDir('me-unify-api-');
    const project = path.join(dir, 'consumer');
    await mkdir(path.join(project, 'node_modules'), { recursive: true });
    // the package as a consumer sees it: node_modules/me-unify (exports, types from dist/)
    await symlink(ROOT, path.join(project, 'node_modules', 'me-unify'), 'dir');
    await writeFile(path.join(project, 'package.json'), '{ "type": "module" }\n');
    await writeFile(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [path.join(ROOT, 'node_modules/@types')],
          outDir: 'build',
        },
        files: ['example.ts'],
      }),
    );
    await writeFile(path.join(project, 'example.ts'), await apiExample());
    const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
    const compiled = await run(process.execPath, [tsc, '-p', project]).catch((e: { stdout: string }) => e);
    expect('stdout' in compiled ? compiled.stdout : '').toBe('');

    const { root } = await makeCasme2({ root: path.join(dir, 'CASME2') });
    const { stdout } = await run(
      process.execPath,
      [path.join(project, 'build/example.js'), root, path.join(dir, 'out')],
      {
        cwd: project,
      },
    );
    expect(stdout).toMatch(/^\d+ samples, \d+ warnings$/m);
    expect(stdout).toMatch(/^\d+ folds; \d+ labelled samples$/m);
    expect(stdout).toMatch(/^valid$/m);
  }, 180_000);
});
