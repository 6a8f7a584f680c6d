// `npm run bench`: me-unify's frames pipeline and a Python Pillow multiprocessing pool, side by
// side in one run, on the same job: crop a face-sized box and resize to 224×224 JPEG (q90), on
//   (a) 640×480 colour frames (CASME II / SMIC size) and (b) 2040×1088 grey frames (SAMM size).
// Prints frames/s of each, the ratio and peak RSS. Environment: BENCH_A / BENCH_B frame counts
// (default 1200 / 300), BENCH_JOBS (default: me-unify's default, 2 × cores), BENCH_REPS (3).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

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
  },
  {
    name: '(b) 2040x1088 grey',
    width: 2040,
    height: 1088,
    channels: 1,
    frames: Number(process.env.BENCH_B ?? 300),
    box: [660, 180, 720, 720],
  },
];
const FRAMES_PER_CLIP = 40;

/** A face-like frame: gradient, shaded ellipse, blocky texture and sensor noise (ecosystem.md §3 gen.py). */
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
try {
  for (const c of CASES) {
    if (c.frames <= 0) continue;
    const frames = path.join(work, `frames-${c.width}`);
    await generate(frames, c);
    const box = c.box.join(',');
    const ours = [];
    const pil = { bicubic: [], lanczos: [] };
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
        ]),
      );
      if (py)
        for (const kernel of ['lanczos', 'bicubic'])
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
            ]),
          );
    }
    const fps = median(ours.map((o) => o.fps));
    const rss = Math.max(...ours.map((o) => o.peak_rss_mb));
    console.log(
      `\n${c.name}: ${c.frames} frames, crop ${c.box[2]}x${c.box[3]} at (${c.box[0]},${c.box[1]}) → 224x224 JPEG q90`,
    );
    console.log(
      `  me-unify (sharp, lanczos3)      ${fps.toFixed(0).padStart(6)} frames/s   peak RSS ${rss.toFixed(0)} MB   ${median(ours.map((o) => o.cpu_ms_per_frame)).toFixed(2)} ms CPU/frame, ${median(ours.map((o) => o.cores_busy)).toFixed(2)} cores busy`,
    );
    if (py)
      for (const kernel of ['lanczos', 'bicubic']) {
        const pfps = median(pil[kernel].map((o) => o.fps));
        const prss = Math.max(...pil[kernel].map((o) => o.peak_rss_mb));
        console.log(
          `  Pillow pool (${kernel.padEnd(7)})          ${pfps.toFixed(0).padStart(6)} frames/s   peak RSS ${prss.toFixed(0)} MB/process   ${median(pil[kernel].map((o) => o.cpu_ms_per_frame)).toFixed(2)} ms CPU/frame, ${median(pil[kernel].map((o) => o.cores_busy)).toFixed(2)} cores busy   ratio me-unify/Pillow ${(fps / pfps).toFixed(2)}`,
        );
      }
    await rm(frames, { recursive: true, force: true });
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
if (!existsSync(path.join(here, '..', 'dist')))
  console.log('(run through `npm run bench`, which builds dist/ first)');
await (await import('./flow.js')).benchFlow();
