// One timed run of me-unify's frames pipeline (the code `--frames process` runs), in its own
// process so its peak RSS is its own.
// usage: ours.js <frames_dir> <out_dir> <x,y,w,h> <size> <jobs> <quality> [<length> <resample>]
import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { jpegCodec } from '../dist/src/frames/jpeg-codec.js';
import { regionDecoding } from '../dist/src/frames/jpeg-region.js';
import { processClip } from '../dist/src/frames/process-clip.js';

const [framesDir, outDir, boxArg, sizeArg, jobsArg, qualityArg, lengthArg, resampleArg] =
  process.argv.slice(2);
const [x, y, w, h] = boxArg.split(',').map(Number);
const settings = {
  crop: { mode: 'box', box: { x, y, w, h } },
  box: { x, y, w, h },
  align: false,
  margin: 0,
  shape: {
    size: { width: Number(sizeArg), height: Number(sizeArg) },
    fit: 'cover',
    gray: false,
    format: 'jpg',
    quality: Number(qualityArg),
  },
  temporal: { length: lengthArg ? Number(lengthArg) : undefined, resample: resampleArg ?? 'linear' },
};
const clips = [];
for (const name of (await readdir(framesDir)).filter((n) => !n.startsWith('.')).sort()) {
  const dir = path.join(framesDir, name);
  const frames = (await readdir(dir))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .map((f) => path.join(dir, f));
  clips.push({ id: name, frames, fps: 200, onset: 0, apex: null, offset: frames.length - 1 });
}
const total = clips.reduce((s, c) => s + c.frames.length, 0);

async function pass(list) {
  await rm(outDir, { recursive: true, force: true });
  const limit = pLimit(Number(jobsArg));
  await Promise.all(
    list.map((clip) =>
      limit(async () => {
        const dir = path.join(outDir, clip.id);
        await mkdir(dir, { recursive: true });
        await processClip(clip, settings, dir);
      }),
    ),
  );
}
await pass([clips[0]]); // warm-up
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
await pass(clips);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rss = peakRssMb();
console.log(
  JSON.stringify({
    frames: total,
    codec: `${jpegCodec()}${regionDecoding() ? ' regions' : ''}`,
    seconds,
    fps: total / seconds,
    peak_rss_mb: rss,
    cpu_ms_per_frame: (cpuSeconds * 1000) / total,
    cores_busy: cpuSeconds / seconds,
  }),
);

/**
 * This process's own peak RSS: Linux's VmHWM (getrusage's maxRSS survives exec, so it would
 * count the bench parent's memory at spawn); maxRSS elsewhere.
 */
function peakRssMb() {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {}
  return process.resourceUsage().maxRSS / 1024;
}
