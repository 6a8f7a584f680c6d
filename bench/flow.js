// The flow job of `npm run bench`: me-unify's TV-L1 on all cores vs a Python loop over cv2's
// DualTVL1 (what MER peers run), on the same synthetic onset/apex pairs at 28, 128 and 224 px.
// The machine may be shared, so CPU time per pair is printed beside wall-clock pairs/s.
// Our clock starts after the worker threads are up (reported apart as start-up), as the Python
// loop's starts after `import cv2`. Environment: BENCH_FLOW_PAIRS (default 24) pairs per size;
// BENCH_FLOW=0 skips the job; BENCH_FLOW_TS=1 adds a row for the TypeScript solver alone (no SIMD).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Smooth texture and the same texture shifted by (0.7, −0.4) px plus a wobble (synthetic). */
function pair(size, seed) {
  const a = new Uint8Array(size * size);
  const b = new Uint8Array(size * size);
  const f = (x, y) =>
    128 + 50 * Math.sin(x / 3.1 + seed) * Math.cos(y / 4.3) + 30 * Math.sin((x + 2 * y) / 7.7);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      a[y * size + x] = Math.round(f(x, y));
      b[y * size + x] = Math.round(f(x - 0.7 - 0.3 * Math.sin(y / 9), y + 0.4));
    }
  return [a, b];
}

function json(cmd, args) {
  return JSON.parse(execFileSync(cmd, args, { encoding: 'utf8' }).trim().split('\n').pop());
}

export async function benchFlow() {
  if (process.env.BENCH_FLOW === '0') return;
  const count = Number(process.env.BENCH_FLOW_PAIRS ?? 24);
  const cores = os.availableParallelism();
  const hasCv =
    spawnSync('/usr/bin/python3', ['-c', 'import cv2; cv2.optflow.DualTVL1OpticalFlow_create'], {
      encoding: 'utf8',
    }).status === 0;
  console.log(
    `\n(flow) onset→apex TV-L1, OpenCV defaults, ${count} pairs per size; me-unify on ${cores} worker threads`,
  );
  if (!hasCv)
    console.log(
      '  Python baseline: SKIPPED — /usr/bin/python3 has no cv2.optflow (Debian: apt-get install python3-opencv)',
    );
  const work = await mkdtemp(path.join(os.tmpdir(), 'me-unify-bench-flow-'));
  try {
    for (const size of [28, 128, 224]) {
      for (let i = 0; i < count; i++) {
        const [a, b] = pair(size, i);
        await writeFile(path.join(work, `${i}.i0.u8`), a);
        await writeFile(path.join(work, `${i}.i1.u8`), b);
      }
      const args = [path.join(here, 'flow_ours.js'), work, String(size), String(count), String(cores)];
      const ours = json(process.execPath, args);
      let line = `  ${String(size).padStart(3)}×${size}: me-unify ${ours.pairs_per_s.toFixed(2).padStart(8)} pairs/s, ${ours.cpu_ms_per_pair.toFixed(1)} ms CPU/pair (start-up ${ours.startup_ms.toFixed(0)} ms, ${ours.startup_cpu_ms.toFixed(0)} ms CPU)`;
      if (hasCv) {
        const cv = json('/usr/bin/python3', [
          path.join(here, 'baseline_tvl1.py'),
          work,
          String(size),
          String(count),
        ]);
        line += `   | cv2 loop ${cv.pairs_per_s.toFixed(2).padStart(8)} pairs/s, ${cv.cpu_ms_per_pair.toFixed(1)} ms CPU/pair   ratio me-unify/cv2 ${(ours.pairs_per_s / cv.pairs_per_s).toFixed(2)} (wall), ${(cv.cpu_ms_per_pair / ours.cpu_ms_per_pair).toFixed(2)} (CPU)`;
      }
      console.log(line);
      if (process.env.BENCH_FLOW_TS === '1') {
        const ts = JSON.parse(
          execFileSync(process.execPath, args, {
            encoding: 'utf8',
            env: { ...process.env, ME_UNIFY_TVL1: 'typescript' },
          })
            .trim()
            .split('\n')
            .pop(),
        );
        console.log(
          `           TypeScript solver only: ${ts.pairs_per_s.toFixed(2).padStart(8)} pairs/s, ${ts.cpu_ms_per_pair.toFixed(1)} ms CPU/pair`,
        );
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
