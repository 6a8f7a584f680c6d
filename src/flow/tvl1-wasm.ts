// The WebAssembly SIMD solver for one TV-L1 pyramid level (assembly/tvl1.ts, compiled by
// `npm run build` to dist/wasm/tvl1.wasm and shipped in the package). One instance per thread,
// its memory kept and grown across pairs. docs/optical-flow.md §6.
import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root.js';
import type { Mat32 } from './mat.js';
import { cubicTab } from './remap.js';
import type { ScaleSolver } from './tvl1.js';
import { scaleConstants, type Tvl1Params } from './tvl1-params.js';

// Node's WebAssembly global; TypeScript types it only in the DOM lib, which this project leaves out.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
};

interface Tvl1Exports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  workBytes(w: number, h: number): number;
  solveScale(
    w: number,
    h: number,
    I0: number,
    I1: number,
    u1: number,
    u2: number,
    tab: number,
    work: number,
    warps: number,
    outerIterations: number,
    innerIterations: number,
    medianSize: number,
    lt: number,
    theta: number,
    taut: number,
    scaledEps: number,
  ): void;
}

/** Where the build puts the compiled solver. */
export const TVL1_WASM_FILE = packagePath('dist', 'wasm', 'tvl1.wasm');

const solvers = new Map<string, ScaleSolver | null>();

/**
 * The SIMD level solver compiled from `file`, or null when the file is missing or this runtime has
 * no WebAssembly SIMD (then the TypeScript solver runs: same bits, slower).
 */
export function wasmScaleSolver(file = TVL1_WASM_FILE): ScaleSolver | null {
  let solver = solvers.get(file);
  if (solver === undefined) {
    solver = load(file);
    solvers.set(file, solver);
  }
  return solver;
}

function load(file: string): ScaleSolver | null {
  let instance: { exports: object };
  try {
    instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(file)), {
      env: {
        abort: () => {
          throw new Error(`${file}: the TV-L1 solver aborted`);
        },
      },
    });
  } catch {
    return null;
  }
  const wasm = instance.exports as unknown as Tvl1Exports;
  const table = cubicTab();
  const tab = align(wasm.heapBase());
  const reserve = (end: number) => {
    const have = wasm.memory.buffer.byteLength;
    if (end > have) wasm.memory.grow(Math.ceil((end - have) / 65536));
  };
  reserve(tab + table.byteLength);
  new Float32Array(wasm.memory.buffer, tab, table.length).set(table);
  const first = tab + table.byteLength;
  return (I0: Mat32, I1: Mat32, u1: Float32Array, u2: Float32Array, p: Tvl1Params) => {
    const { width: w, height: h } = I0;
    const bytes = align(w * h * 4);
    const [i0, i1, a, b, work] = [0, 1, 2, 3, 4].map((k) => first + k * bytes) as [
      number,
      number,
      number,
      number,
      number,
    ];
    reserve(work + wasm.workBytes(w, h));
    const mem = wasm.memory.buffer;
    new Float32Array(mem, i0, w * h).set(I0.data);
    new Float32Array(mem, i1, w * h).set(I1.data);
    new Float32Array(mem, a, w * h).set(u1);
    new Float32Array(mem, b, w * h).set(u2);
    const c = scaleConstants(p, w * h);
    wasm.solveScale(
      w,
      h,
      i0,
      i1,
      a,
      b,
      tab,
      work,
      p.warps,
      p.outerIterations,
      p.innerIterations,
      p.medianFiltering,
      c.lt,
      c.theta,
      c.taut,
      c.scaledEps,
    );
    u1.set(new Float32Array(mem, a, w * h));
    u2.set(new Float32Array(mem, b, w * h));
  };
}

function align(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}
