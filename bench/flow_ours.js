// One flow bench run of me-unify's TV-L1 (worker threads on all cores) over pairs stored as raw
// uint8 files: prints one JSON line. Args: <pairs dir> <size> <count> <threads>.
// The clock starts once the workers are up and have loaded the solver, as the Python loop's starts
// after `import cv2`; that start-up is reported on its own (startup_ms, startup_cpu_ms).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pairPool } from '../dist/src/flow/pool.js';

const [dir, sizeArg, countArg, threadsArg] = process.argv.slice(2);
const size = Number(sizeArg);
const count = Number(countArg);
const recipe = {
  name: 'bench',
  description: '',
  source: '',
  input: { size: null, resize: null },
  strain: null,
  output: null,
  verified: [],
  assumed: [],
};
const img = (i, tag) => ({
  width: size,
  height: size,
  channels: 1,
  data: new Uint8Array(readFileSync(path.join(dir, `${i}.${tag}.u8`))),
});
const start0 = process.cpuUsage();
const s0 = performance.now();
const pool = pairPool(Number(threadsArg));
await pool.ready();
const startupMs = performance.now() - s0;
const startup = process.cpuUsage(start0);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await Promise.all(Array.from({ length: count }, (_, i) => pool.run(img(i, 'i0'), img(i, 'i1'), recipe, {})));
const secs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
await pool.close();
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  JSON.stringify({
    pairs_per_s: count / secs,
    cpu_ms_per_pair: cpuMs / count,
    startup_ms: startupMs,
    startup_cpu_ms: (startup.user + startup.system) / 1000,
  }),
);
