import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mat32, mat32 } from '../../src/flow/mat.js';
import { type ScaleSolver, tvl1 } from '../../src/flow/tvl1.js';
import type { Tvl1Params } from '../../src/flow/tvl1-params.js';
import { wasmScaleSolver } from '../../src/flow/tvl1-wasm.js';

// The SIMD solver (assembly/tvl1.ts, compiled fresh from this checkout) must give the TypeScript
// reference's bits exactly: same pyramid, same float32 operations in the same order.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/flow/fixtures');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'me-unify-wasm-'));
let simd: ScaleSolver | null = null;

beforeAll(() => {
  const file = path.join(tmp, 'tvl1.wasm');
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-wasm.js'), file], {
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  simd = wasmScaleSolver(file);
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function same(a: Mat32, b: Mat32, params: Partial<Tvl1Params>) {
  const ref = tvl1(a, b, params, 'typescript');
  const fast = tvl1(a, b, params, simd as ScaleSolver);
  const bits = (f: Float32Array) => new Uint32Array(f.buffer, f.byteOffset, f.length);
  // toEqual on the raw bits: a single differing float (even −0 against +0) fails
  expect(bits(fast.u)).toEqual(bits(ref.u));
  expect(bits(fast.v)).toEqual(bits(ref.v));
  expect(fast.scalesUsed).toBe(ref.scalesUsed);
  return ref;
}

/** Seeded smooth texture and a warped copy (a moving face stand-in), plus some pixel noise. */
function synthetic(w: number, h: number, seed: number): [Mat32, Mat32] {
  let s = seed;
  const noise = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s >>> 16) / 65536 - 0.5;
  };
  const f = (x: number, y: number) =>
    128 + 50 * Math.sin(x / 3.1 + seed) * Math.cos(y / 4.3) + 30 * Math.sin((x + 2 * y) / 7.7);
  const a = new Float32Array(w * h);
  const b = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      a[y * w + x] = Math.round(f(x, y) + 8 * noise());
      b[y * w + x] = Math.round(f(x - 0.7 - 0.3 * Math.sin(y / 9), y + 0.4) + 8 * noise());
    }
  return [mat32(w, h, a), mat32(w, h, b)];
}

describe('TV-L1 WebAssembly SIMD solver', () => {
  it('loads (this runtime has WebAssembly SIMD)', () => {
    expect(simd).not.toBeNull();
  });

  const meta = JSON.parse(readFileSync(path.join(fixtures, 'tvl1.json'), 'utf8')) as {
    pairs: Record<string, { width: number; height: number }>;
    configs: Record<string, Partial<Tvl1Params>>;
    flows: Record<string, unknown>;
  };
  const image = (name: string, tag: string) => {
    const { width, height } = meta.pairs[name] as { width: number; height: number };
    return mat32(width, height, Float32Array.from(readFileSync(path.join(fixtures, `${name}.${tag}.u8`))));
  };
  it.each(Object.keys(meta.flows).map((k) => k.split('.') as [string, string]))(
    'cv2 fixture %s, config %s: identical bits',
    (name, config) => {
      same(image(name, 'i0'), image(name, 'i1'), meta.configs[config] as Partial<Tvl1Params>);
    },
  );

  it.each([
    [3, 3, {}],
    [5, 4, { medianFiltering: 3 as const }],
    [37, 23, {}],
    [41, 19, { medianFiltering: 3 as const, warps: 2 }],
    [30, 33, { medianFiltering: 1 as const, nscales: 1 }],
    [64, 61, { epsilon: 0, outerIterations: 2, innerIterations: 7 }],
    [100, 96, {}],
  ] as const)('synthetic %i×%i %o: identical bits', (w, h, params) => {
    const [a, b] = synthetic(w, h, w * 31 + h);
    const ref = same(a, b, params);
    // the pair really moved (a solver that did nothing would match a do-nothing reference too)
    if (w * h > 100) expect(ref.u.some((v) => Math.abs(v) > 0.05)).toBe(true);
  });

  it('NaN input pixels stay on the TypeScript path (auto), same as the reference', () => {
    // auto loads the built dist/wasm/tvl1.wasm (`npm test` builds first); without it this proves nothing
    expect(wasmScaleSolver(), 'dist/wasm/tvl1.wasm is missing: run `npm run build`').not.toBeNull();
    const [a, b] = synthetic(20, 20, 7);
    a.data[5] = Number.NaN;
    const auto = tvl1(a, b, {}, 'auto');
    const ref = tvl1(a, b, {}, 'typescript');
    expect(Array.from(auto.u)).toEqual(Array.from(ref.u));
  });
});
