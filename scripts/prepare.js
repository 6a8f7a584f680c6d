#!/usr/bin/env node
// `prepare` runs on `npm install`/`npm ci` in a clone AND when another project installs the clone's
// folder, where dev dependencies (TypeScript) are absent. Build dist/ only when TypeScript is there,
// so installing a folder never fails with "tsc: not found"; `npm pack` builds in `prepack`.
// The build is tsc, then scripts/build-wasm.js (dist/wasm/tvl1.wasm), as `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.env.npm_command === 'pack' || process.env.npm_command === 'publish') process.exit(0);
let tsc;
try {
  tsc = createRequire(`${root}package.json`).resolve('typescript/bin/tsc');
} catch {
  const built = existsSync(`${root}dist/src/cli/main.js`);
  console.error(
    built
      ? 'me-unify: TypeScript is not installed here; using the existing dist/.'
      : `me-unify: not built, and TypeScript is not installed in ${root}. Run \`npm ci\` there first (it builds dist/), or install the packed tarball (\`npm pack\`).`,
  );
  process.exit(0);
}
const run = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) process.exit(run.status ?? 1);
// the TV-L1 solver's WebAssembly SIMD path (AssemblyScript is a devDependency, like TypeScript)
const wasm = spawnSync(process.execPath, [`${root}scripts/build-wasm.js`], { cwd: root, stdio: 'inherit' });
process.exit(wasm.status ?? 1);
