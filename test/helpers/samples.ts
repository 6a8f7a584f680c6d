import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FORMAT_VERSION, type Sample, SampleSchema } from '../../src/schema/sample.js';

/** A valid sample with `frames` frames named `<clip>/img<n>.jpg`; fields overridable. */
export function makeSample(
  dataset: string,
  subject: string,
  clip: string,
  over: Partial<Sample> & { framesDir?: string; nFrames?: number } = {},
): Sample {
  const { framesDir = 'frames', nFrames = 5, ...rest } = over;
  const frames = Array.from(
    { length: nFrames },
    (_, i) => `${framesDir}/${dataset}/${subject}/${clip}/img${i + 1}.jpg`,
  );
  return SampleSchema.parse({
    id: `${dataset}/${subject}/${clip}`,
    dataset,
    subset: null,
    subject: `${dataset}/${subject}`,
    clip,
    kind: 'micro',
    fps: 200,
    frame_count: frames.length,
    frames,
    video: null,
    onset: 0,
    apex: Math.floor(frames.length / 2),
    offset: frames.length - 1,
    source_frames: { onset: 10, apex: 12, offset: 14 },
    apex_source: 'annotated',
    emotion: 'happiness',
    label: 'happiness',
    label_profile: 'original',
    aus: [],
    aus_raw: '12',
    source: { directory: `${subject}/${clip}`, sheet: 'sheet.xlsx', sheet_name: 'Sheet1', row: 2 },
    extra: {},
    ...rest,
  });
}

/** Writes a converted-output folder by hand: manifest.jsonl, dataset.json and the frame files. */
export async function writeOutput(
  dir: string,
  samples: readonly Sample[],
  opts: {
    frames?: 'none' | 'copy';
    profile?: string;
    classes?: string[] | null;
    writeFrames?: Uint8Array;
  } = {},
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'manifest.jsonl'), `${samples.map((s) => JSON.stringify(s)).join('\n')}\n`);
  const datasets = [...new Set(samples.map((s) => s.dataset))];
  const info = {
    format_version: FORMAT_VERSION,
    tool: { name: 'me-unify', version: 'test' },
    created: new Date(0).toISOString(),
    datasets: datasets.map((id) => ({ id, title: id, layout: null, sources: [], details: {} })),
    label_profile: { name: opts.profile ?? 'original', classes: opts.classes ?? null },
    options: {},
    frames: { mode: opts.frames ?? 'copy', root: 'frames', options: {} },
    counts: {
      samples: samples.length,
      subjects: new Set(samples.map((s) => s.subject)).size,
      by_label: {},
      skipped: 0,
    },
  };
  await writeFile(path.join(dir, 'dataset.json'), JSON.stringify(info, null, 2));
  if (opts.writeFrames) {
    const bytes = opts.writeFrames;
    for (const s of samples)
      for (const f of s.frames) {
        await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
        await writeFile(path.join(dir, f), bytes);
      }
  }
}
