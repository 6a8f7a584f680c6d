#!/usr/bin/env node
// Compiles assembly/tvl1.ts (the TV-L1 solver's SIMD path) to dist/wasm/tvl1.wasm with
// AssemblyScript, a devDependency: `npm run build` and `npm ci` (prepare) run it, and the packed
// package ships the .wasm, so an installed me-unify needs no compiler. Features: WebAssembly SIMD
// only (no relaxed SIMD, hence no fused multiply-add: results stay bit-identical to the TypeScript
// solver). Usage: node scripts/build-wasm.js [out.wasm]
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'wasm', 'tvl1.wasm'));
const asc = await import('assemblyscript/asc').then(
  (m) => m.default,
  () => {
    console.error('me-unify: AssemblyScript (a devDependency) is not installed here: run `npm ci` first.');
    process.exit(1);
  },
);
mkdirSync(path.dirname(out), { recursive: true });
const { error, stderr } = await asc.main(
  [
    path.join(root, 'assembly', 'tvl1.ts'),
    '--outFile',
    out,
    '-O3',
    '--runtime',
    'stub',
    '--noAssert',
    '--enable',
    'simd',
    '--disable',
    'relaxed-simd',
  ],
  {},
);
if (error) {
  console.error(`me-unify: compiling assembly/tvl1.ts failed:\n${stderr.toString()}`);
  process.exit(1);
}
