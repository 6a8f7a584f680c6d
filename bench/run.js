// `npm run bench`: me-unify's frames pipeline and a Python Pillow multiprocessing pool, side by
// side in one run, on the same job: crop a face-sized box and resize to 224×224 JPEG (q90), on
//   (a) 640×480 colour frames (CASME II / SMIC size) and (b) 2040×1088 grey frames (SAMM size).
//   (c) the (a) frames in 40-frame clips resampled to 10 by TIM (`--length 10 --resample tim`);
//       the baseline blends Pillow's cropped frames with numpy using the same TIM weights.
// Prints frames/s and CPU time per source frame of each, the machine's load, and one final line
// per job: `ratio (a) 640x480 vs Pillow bicubic: throughput T, cpu C` (T = our frames/s over
// theirs; C = their CPU ms per frame over ours), then peak RSS. Environment: BENCH_A / BENCH_B /
// BENCH_C frame counts (default 1200 / 300 / 1200), BENCH_JOBS (default: me-unify's default,
// 2 × cores), BENCH_REPS (3), BENCH_LANCZOS=1 to also run Pillow with Lanczos.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { planTemporal } from '../dist/src/frames/temporal.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cores = os.availableParallelism();
const jobs = Number(process.env.BENCH_JOBS ?? Math.max(2, cores * 2));
const reps = Number(process.env.BENCH_REPS ?? 3);
const CASES = [
  {
    name: '(a) 640x480 colour',
    width: 640,
    height: 480,
    channels: 3,
    frames: Number(process.env.BENCH_A ?? 1200),
    box: [160, 90, 320, 320],
    label: '(a) 640x480',
  },
  {
    name: '(b) 2040x1088 grey',
    width: 2040,
    height: 1088,
    channels: 1,
    frames: Number(process.env.BENCH_B ?? 300),
    box: [660, 180, 720, 720],
    label: '(b) 2040x1088',
  },
  {
    name: '(c) 640x480 colour, TIM 40 → 10 frames',
    width: 640,
    height: 480,
    channels: 3,
    frames: Number(process.env.BENCH_C ?? 1200),
    box: [160, 90, 320, 320],
    label: '(c) 640x480 TIM10',
    tim: 10,
  },
];
const KERNELS = process.env.BENCH_LANCZOS ? ['bicubic', 'lanczos'] : ['bicubic'];
const FRAMES_PER_CLIP = 40;

/** A face-like frame: gradient, shaded ellipse, blocky texture and sensor noise (docs/dependencies.md §3 gen.py). */
function frame(width, height, channels, i) {
  let seed = 12345 + i * 7919;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const tex = new Float32Array(Math.ceil(width / 4) * Math.ceil(height / 4)).map(() => (rnd() - 0.5) * 3.4);
  const px = Buffer.alloc(width * height * channels);
  const cx = width / 2 + 3 * Math.sin(i / 15);
  const cy = height * 0.52 + 2 * Math.cos(i / 20);
  const rx = width / 5.3;
  const ry = height / 3;
  const skin = [200, 160, 130];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const face = Math.min(1, Math.max(0, 1.2 - (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2)));
      const t = 10 * (tex[(y >> 2) * Math.ceil(width / 4) + (x >> 2)] ?? 0);
      for (let c = 0; c < channels; c++) {
        const bg = [60 + (80 * x) / width, 70 + (60 * y) / height, 90 + (40 * (x + y)) / (width + height)][c];
        const v =
          bg * (1 - face) + skin[c] * (0.7 + 0.3 * (1 - (x - cx) / (2 * rx))) * face + t + (rnd() - 0.5) * 17;
        px[(y * width + x) * channels + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  return sharp(px, { raw: { width, height, channels } }).jpeg({ quality: 90 }).toBuffer();
}

async function generate(dir, c) {
  // 12 distinct frames, hard-linked under every frame name (big runs stay small on disk)
  const distinct = [];
  await mkdir(path.join(dir, '.distinct'), { recursive: true });
  for (let i = 0; i < 12; i++) {
    distinct.push(path.join(dir, '.distinct', `${i}.jpg`));
    await writeFile(distinct[i], await frame(c.width, c.height, c.channels, i));
  }
  for (let i = 0; i < c.frames; i++) {
    const clip = path.join(dir, `clip${String(Math.floor(i / FRAMES_PER_CLIP)).padStart(5, '0')}`);
    if (i % FRAMES_PER_CLIP === 0) await mkdir(clip, { recursive: true });
    await link(
      distinct[i % distinct.length],
      path.join(clip, `c${Math.floor(i / FRAMES_PER_CLIP)}_img${String(i).padStart(6, '0')}.jpg`),
    );
  }
}

function python() {
  for (const bin of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(bin, ['-c', 'import PIL; print(PIL.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { bin, version: r.stdout.trim() };
  }
  return null;
}

function runJson(cmd, args) {
  return JSON.parse(
    execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 })
      .trim()
      .split('\n')
      .pop(),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = await mkdtemp(path.join(os.tmpdir(), 'me-unify-bench-'));
const py = python();
console.log(
  `me-unify bench: ${cores} cores, node ${process.version}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}), jobs ${jobs}, median of ${reps}`,
);
if (!py)
  console.log(
    'Python baseline: SKIPPED — no python3 with Pillow (PIL) found. On Debian: apt-get install -y python3-pil',
  );
else console.log(`Python baseline: ${py.bin} with Pillow ${py.version}, multiprocessing.Pool(${cores})`);
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const finals = [];
const rssLines = [];
try {
  for (const c of CASES) {
    if (c.frames <= 0) continue;
    const frames = path.join(work, `frames-${c.width}`);
    await generate(frames, c);
    const box = c.box.join(',');
    const temporal = c.tim ? [String(c.tim), 'tim'] : [];
    const weights = path.join(work, 'weights.json');
    if (c.tim) {
      // the same TIM weights me-unify uses, dense (one row per output frame), for the baseline
      const plan = planTemporal(FRAMES_PER_CLIP, 200, { length: c.tim, resample: 'tim' });
      const dense = plan.weights.map((row) => {
        const w = new Array(FRAMES_PER_CLIP).fill(0);
        for (const { index, weight } of row) w[index] = weight;
        return w;
      });
      await writeFile(weights, JSON.stringify(dense));
    }
    const ours = [];
    const pil = Object.fromEntries(KERNELS.map((k) => [k, []]));
    const loads = [load()];
    for (let r = 0; r < reps; r++) {
      ours.push(
        runJson(process.execPath, [
          path.join(here, 'ours.js'),
          frames,
          path.join(work, 'out-ours'),
          box,
          '224',
          String(jobs),
          '90',
          ...temporal,
        ]),
      );
      if (py)
        for (const kernel of KERNELS)
          pil[kernel].push(
            runJson(py.bin, [
              path.join(here, 'baseline_pillow.py'),
              frames,
              path.join(work, 'out-pil'),
              box,
              '224',
              String(cores),
              '90',
              kernel,
              ...(c.tim ? [weights] : []),
            ]),
          );
      loads.push(load());
    }
    const fps = median(ours.map((o) => o.fps));
    const cpu = median(ours.map((o) => o.cpu_ms_per_frame));
    const rss = Math.max(...ours.map((o) => o.peak_rss_mb));
    console.log(
      `\n${c.name}: ${c.frames} frames, crop ${c.box[2]}x${c.box[3]} at (${c.box[0]},${c.box[1]}) → 224x224 JPEG q90`,
    );
    console.log(`  load average (1, 5, 15 min) before and after each run: ${loads.join(' | ')}`);
    console.log(
      `  me-unify (${ours[0].codec}, lanczos3) ${fps.toFixed(0).padStart(6)} frames/s   peak RSS ${rss.toFixed(0)} MB   ${cpu.toFixed(2)} ms CPU/frame, ${median(ours.map((o) => o.cores_busy)).toFixed(2)} cores busy   runs ${ours.map((o) => o.fps.toFixed(0)).join(' ')} frames/s`,
    );
    let pilRss = 0;
    for (const kernel of py ? KERNELS : []) {
      const pfps = median(pil[kernel].map((o) => o.fps));
      const pcpu = median(pil[kernel].map((o) => o.cpu_ms_per_frame));
      pilRss = Math.max(pilRss, ...pil[kernel].map((o) => o.peak_rss_mb));
      console.log(
        `  Pillow pool (${kernel.padEnd(7)})${c.tim ? ' + numpy' : ''}     ${pfps.toFixed(0).padStart(6)} frames/s   ${pcpu.toFixed(2)} ms CPU/frame, ${median(pil[kernel].map((o) => o.cores_busy)).toFixed(2)} cores busy   runs ${pil[kernel].map((o) => o.fps.toFixed(0)).join(' ')} frames/s`,
      );
      // ratios of the medians, and the median of the per-run ratios (runs are side by side)
      const perRun = ours.map((o, i) => o.fps / (pil[kernel][i]?.fps ?? Number.NaN));
      console.log(`    per-run throughput ratios: ${perRun.map((x) => x.toFixed(2)).join(' ')}`);
      if (kernel === 'bicubic')
        finals.push(
          `ratio ${c.label} vs Pillow bicubic: throughput ${(fps / pfps).toFixed(2)}, cpu ${(pcpu / cpu).toFixed(2)}`,
        );
    }
    rssLines.push(
      `peak RSS ${c.label}: me-unify ${rss.toFixed(0)} MB${py ? `, Pillow ${pilRss.toFixed(0)} MB per process` : ''}`,
    );
    await rm(frames, { recursive: true, force: true });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
console.log('');
for (const line of [...finals, ...rssLines]) console.log(line);
if (!existsSync(path.join(here, '..', 'dist')))
  console.log('(run through `npm run bench`, which builds dist/ first)');
await (await import('./flow.js')).benchFlow();
