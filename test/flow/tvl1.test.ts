import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mat32 } from '../../src/flow/mat.js';
import { tvl1 } from '../../src/flow/tvl1.js';
import type { Tvl1Params } from '../../src/flow/tvl1-params.js';

// Golden flows made once by test/flow/fixtures/make_tvl1.py with Debian's cv2 4.6.0 (synthetic pairs).
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const meta = JSON.parse(readFileSync(path.join(dir, 'tvl1.json'), 'utf8')) as {
  pairs: Record<string, { width: number; height: number }>;
  configs: Record<string, Partial<Tvl1Params>>;
  flows: Record<string, { scales_used: number }>;
};

function image(name: string, tag: 'i0' | 'i1') {
  const { width, height } = meta.pairs[name] as { width: number; height: number };
  return mat32(width, height, Float32Array.from(readFileSync(path.join(dir, `${name}.${tag}.u8`))));
}

function reference(name: string, config: string): Float32Array {
  const b = readFileSync(path.join(dir, `${name}.${config}.f32`));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** End-point errors between our flow and OpenCV's (H×W×2 interleaved). */
function epe(name: string, config: string) {
  const ours = tvl1(image(name, 'i0'), image(name, 'i1'), meta.configs[config]);
  const ref = reference(name, config);
  const e = Float64Array.from({ length: ours.u.length }, (_, i) =>
    Math.hypot(
      (ours.u[i] as number) - (ref[2 * i] as number),
      (ours.v[i] as number) - (ref[2 * i + 1] as number),
    ),
  );
  const sorted = Float64Array.from(e).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return {
    mean: e.reduce((a, b) => a + b, 0) / e.length,
    p95: at(0.95),
    max: at(1),
    scales: ours.scalesUsed,
  };
}

describe('TV-L1 against OpenCV 4.6 DualTVL1 fixtures', () => {
  it.each(['p64', 'p96x80'])('deterministic single scale, single warp (%s): max EPE ≤ 1e-5 px', (name) => {
    const r = epe(name, 'det');
    expect(r.max).toBeLessThanOrEqual(1e-5);
  });

  it('one scale, 5 warps, median 5, ε = 0 (p64): mean ≤ 5e-3, p95 ≤ 5e-2 px', () => {
    const r = epe('p64', 'single');
    expect(r.mean).toBeLessThanOrEqual(5e-3);
    expect(r.p95).toBeLessThanOrEqual(5e-2);
  });

  // Measured: every committed fixture flow is reproduced bit for bit (float32 op order follows
  // tvl1.cpp); the bounds above are the contract, this pins the exactness on all of them, so a
  // speed change in the solver (fused loops, median selection) cannot alter a single value.
  it.each(Object.keys(meta.flows).map((k) => k.split('.') as [string, string]))(
    '%s %s: bit-exact with cv2 4.6',
    (name, config) => {
      expect(epe(name, config).max).toBe(0);
    },
  );

  it.each(['p28', 'p64', 'p96x80', 'p128'])(
    'OpenCV defaults (%s): mean ≤ 0.05, p95 ≤ 0.1 px, same pyramid depth',
    (name) => {
      const r = epe(name, 'defaults');
      expect(r.scales).toBe(meta.flows[`${name}.defaults`]?.scales_used);
      expect(r.mean).toBeLessThanOrEqual(0.05);
      expect(r.p95).toBeLessThanOrEqual(0.1);
    },
  );
});
