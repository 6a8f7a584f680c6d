// One timed run of me-unify's frames pipeline (the code `--frames process` runs), in its own
// process so its peak RSS is its own. usage: ours.js <frames_dir> <out_dir> <x,y,w,h> <size> <jobs> <quality>
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { processClip } from '../dist/frames/process-clip.js';

const [framesDir, outDir, boxArg, sizeArg, jobsArg, qualityArg] = process.argv.slice(2);
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
  temporal: { resample: 'linear' },
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
await pass([{ ...clips[0], frames: clips[0].frames.slice(0, 32), offset: 31 }]); // warm-up
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
await pass(clips);
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rss = process.resourceUsage().maxRSS / 1024;
console.log(
  JSON.stringify({
    frames: total,
    seconds,
    fps: total / seconds,
    peak_rss_mb: rss,
    cpu_ms_per_frame: (cpuSeconds * 1000) / total,
    cores_busy: cpuSeconds / seconds,
  }),
);
