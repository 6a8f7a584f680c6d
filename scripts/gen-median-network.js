// Writes assembly/median.ts: the k×k float median (k = 3, 5) as SIMD comparator networks.
// Each column's k values are sorted once per row (a sorting network), then the median of the k
// sorted columns is picked by Batcher odd-even merges pruned to the one output needed. Both
// networks are checked here on every 0-1 input (the 0-1 principle), so a wrong one is never written.
// Run: node scripts/gen-median-network.js (the output is committed; the build compiles it).
import { writeFileSync } from 'node:fs';

const INF = -1;

/** Comparators (lo var, hi var) merging `groups` of sorted wires, pruned to output `rank`. */
function selectionNetwork(k) {
  const P = k <= 4 ? 4 : 8;
  const ops = [];
  let nextVar = k * k;
  const cmp = (wires, a, b) => {
    const x = wires[a];
    const y = wires[b];
    if (y === INF) return;
    if (x === INF) {
      wires[a] = y;
      wires[b] = INF;
      return;
    }
    const lo = nextVar++;
    const hi = nextVar++;
    ops.push({ x, y, lo, hi });
    wires[a] = lo;
    wires[b] = hi;
  };
  const merge = (wires, lo, n, r) => {
    const m = r * 2;
    if (m < n) {
      merge(wires, lo, n, m);
      merge(wires, lo + r, n, m);
      for (let i = lo + r; i + r < lo + n; i += m) cmp(wires, i, i + r);
    } else cmp(wires, lo, lo + r);
  };
  let groups = Array.from({ length: k }, (_, c) =>
    Array.from({ length: P }, (_, r) => (r < k ? c * k + r : INF)),
  );
  while (groups.length > 1) {
    const next = [];
    for (let g = 0; g + 1 < groups.length; g += 2) {
      const n = Math.max(groups[g].length, groups[g + 1].length);
      const pad = (a) => [...a, ...Array(n - a.length).fill(INF)];
      const wires = [...pad(groups[g]), ...pad(groups[g + 1])];
      merge(wires, 0, wires.length, 1);
      next.push(wires);
    }
    if (groups.length % 2) next.push(groups[groups.length - 1]);
    groups = next;
  }
  const target = groups[0][(k * k - 1) >> 1];
  const needed = new Set([target]);
  const kept = [];
  for (const o of ops.reverse()) {
    const needLo = needed.has(o.lo);
    const needHi = needed.has(o.hi);
    if (!needLo && !needHi) continue;
    kept.unshift({ ...o, needLo, needHi });
    needed.add(o.x);
    needed.add(o.y);
  }
  return { target, kept };
}

/** Optimal sorting networks for 3 and 5 values (pairs of indices, lo first). */
const SORT = {
  3: [
    [1, 2],
    [0, 2],
    [0, 1],
  ],
  5: [
    [0, 1],
    [3, 4],
    [2, 4],
    [2, 3],
    [0, 3],
    [0, 2],
    [1, 4],
    [1, 3],
    [1, 2],
  ],
};

function checkSort(k) {
  for (let bits = 0; bits < 1 << k; bits++) {
    const v = Array.from({ length: k }, (_, i) => (bits >> i) & 1);
    for (const [a, b] of SORT[k]) if (v[a] > v[b]) [v[a], v[b]] = [v[b], v[a]];
    for (let i = 1; i < k; i++) if (v[i - 1] > v[i]) throw new Error(`sort${k} network wrong on ${bits}`);
  }
}

function checkSelection(k, { target, kept }) {
  for (let code = 0; code < (k + 1) ** k; code++) {
    const vals = new Map();
    let ones = 0;
    for (let c = 0, rest = code; c < k; c++, rest = Math.floor(rest / (k + 1)))
      for (let r = 0; r < k; r++) {
        const bit = r >= k - (rest % (k + 1)) ? 1 : 0; // a sorted 0-1 column
        vals.set(c * k + r, bit);
        ones += bit;
      }
    for (const o of kept) {
      vals.set(o.lo, Math.min(vals.get(o.x), vals.get(o.y)));
      vals.set(o.hi, Math.max(vals.get(o.x), vals.get(o.y)));
    }
    if (vals.get(target) !== (ones > (k * k - 1) / 2 ? 1 : 0))
      throw new Error(`median${k} network wrong on ${code}`);
  }
}

function emit(k) {
  checkSort(k);
  const net = selectionNetwork(k);
  checkSelection(k, net);
  const r = k >> 1;
  const L = [];
  L.push(
    `/** \`cv::medianBlur(src, ${k})\` on float32 (replicated border): ${net.kept.length} comparators a pixel. */`,
  );
  L.push(`export function median${k}(src: usize, dst: usize, w: i32, h: i32, scratch: usize): void {`);
  L.push(
    `  const W = (w + ${2 * r + 7}) & ~3; // padded row: ${r} replicated left, the rest replicated right`,
  );
  L.push('  const pad = scratch;');
  L.push(`  const sorted = scratch + <usize>(${k} * W) * 4;`);
  L.push('  for (let y = 0; y < h; y++) {');
  L.push(`    for (let j = 0; j < ${k}; j++) {`);
  L.push(`      const row = src + <usize>(clampI(y + j - ${r}, 0, h - 1) * w) * 4;`);
  L.push('      const p = pad + <usize>(j * W) * 4;');
  L.push(`      memory.copy(p + ${r * 4}, row, <usize>w * 4);`);
  L.push(`      const first = load<f32>(row);`);
  L.push(`      const last = load<f32>(row + <usize>(w - 1) * 4);`);
  L.push(`      for (let c = 0; c < ${r}; c++) store<f32>(p + <usize>c * 4, first);`);
  L.push(`      for (let c = w + ${r}; c < W; c++) store<f32>(p + <usize>c * 4, last);`);
  L.push('    }');
  L.push('    for (let c = 0; c < W; c += 4) {');
  for (let j = 0; j < k; j++) L.push(`      let s${j} = v128.load(pad + <usize>(${j} * W + c) * 4);`);
  for (const [a, b] of SORT[k]) {
    L.push(`      const t${a}${b} = s${a};`);
    L.push(`      s${a} = f32x4.pmin(s${a}, s${b});`);
    L.push(`      s${b} = f32x4.pmax(s${b}, t${a}${b});`);
  }
  for (let j = 0; j < k; j++) L.push(`      v128.store(sorted + <usize>(${j} * W + c) * 4, s${j});`);
  L.push('    }');
  L.push('    for (let x = 0; x < w; x += 4) {');
  for (let c = 0; c < k; c++)
    for (let rk = 0; rk < k; rk++)
      L.push(`      const m${c * k + rk} = v128.load(sorted + <usize>(${rk} * W + x + ${c}) * 4);`);
  for (const o of net.kept) {
    if (o.needLo) L.push(`      const m${o.lo} = f32x4.pmin(m${o.x}, m${o.y});`);
    if (o.needHi) L.push(`      const m${o.hi} = f32x4.pmax(m${o.y}, m${o.x});`);
  }
  L.push(`      storeLanes(dst + <usize>(y * w + x) * 4, m${net.target}, w - x);`);
  L.push('    }');
  L.push('  }');
  L.push('}');
  return L.join('\n');
}

const header = `// GENERATED by scripts/gen-median-network.js: do not edit. The exact k×k median of float32
// images, 4 pixels per instruction. pmin / pmax (b < a ? b : a, a < b ? b : a) pick one of their
// inputs, so the result is the median value itself, the value the scalar src/flow/median.ts picks.

function clampI(v: i32, lo: i32, hi: i32): i32 {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Stores the first min(4, count) lanes of v at p. */
function storeLanes(p: usize, v: v128, count: i32): void {
  if (count >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (count > 1) store<f32>(p + 4, f32x4.extract_lane(v, 1));
  if (count > 2) store<f32>(p + 8, f32x4.extract_lane(v, 2));
}

/** Scratch floats median3 / median5 need for a row of width w. */
export function medianScratchFloats(w: i32): i32 {
  return 10 * ((w + 11) & ~3);
}
`;
writeFileSync(new URL('../assembly/median.ts', import.meta.url), `${header}\n${emit(3)}\n\n${emit(5)}\n`);
