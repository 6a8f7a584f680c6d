import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CUSTOM_CONFIG } from '../../fixtures/custom.js';
import { jpegPalette, writeFiles } from '../../fixtures/frames.js';

/**
 * The hand-made dataset of the README's worked example: three subjects, two clips each, frames
 * `frames/<subject>/<clip>/img0001.jpg …`, an annotation sheet `annotations.csv`, a custom
 * adapter config `mylab.json` and a hand-written `manifest.csv` with train/test splits.
 */
export const CLIPS = [
  { subject: 's01', clip: 'c1', emotion: 'happiness', label: 'positive', split: 'train' },
  { subject: 's01', clip: 'c2', emotion: 'disgust', label: 'negative', split: 'train' },
  { subject: 's02', clip: 'c1', emotion: 'surprise', label: 'surprise', split: 'train' },
  { subject: 's02', clip: 'c2', emotion: 'happiness', label: 'positive', split: 'train' },
  { subject: 's03', clip: 'c1', emotion: 'disgust', label: 'negative', split: 'test' },
  { subject: 's03', clip: 'c2', emotion: 'surprise', label: 'surprise', split: 'test' },
] as const;
/** Frames 1..6 on disk; the sheet annotates 2..5 with apex 4. */
export const FRAMES_PER_CLIP = 6;

/** The fixture's config (fixtures/custom.ts), plus the AUs column this sheet has. */
export const CONFIG = { ...CUSTOM_CONFIG, columns: { ...CUSTOM_CONFIG.columns, aus: 'AUs' } };

export function frameFile(subject: string, clip: string, n: number): string {
  return `frames/${subject}/${clip}/img${String(n).padStart(4, '0')}.jpg`;
}

export const ANNOTATIONS = [
  'Subject,Clip,Onset,Apex,Offset,Emotion,AUs',
  ...CLIPS.map((c) => `${c.subject},${c.clip},2,4,5,${c.emotion},4+L10`),
].join('\n');

export const MANIFEST_CSV = [
  'id,subject,fps,frames_dir,onset,apex,offset,emotion,label,split',
  ...CLIPS.map(
    (c) =>
      `mylab/${c.subject}/${c.clip},mylab/${c.subject},100,frames/${c.subject}/${c.clip},1,3,4,${c.emotion},${c.label},${c.split}`,
  ),
].join('\n');

/** Writes the example dataset into `root` (frames, annotations.csv, manifest.csv) and the config beside it. */
export async function makeCustomDataset(root: string): Promise<{ root: string; config: string }> {
  const palette = await jpegPalette();
  const files: [string, Uint8Array | string][] = [];
  for (const c of CLIPS)
    for (let n = 1; n <= FRAMES_PER_CLIP; n++)
      files.push([path.join(root, frameFile(c.subject, c.clip, n)), palette[n % palette.length] as Buffer]);
  files.push([path.join(root, 'annotations.csv'), `${ANNOTATIONS}\n`]);
  files.push([path.join(root, 'manifest.csv'), `${MANIFEST_CSV}\n`]);
  await writeFiles(files);
  const config = path.join(path.dirname(root), `${path.basename(root)}.config.json`);
  await mkdir(path.dirname(config), { recursive: true });
  await writeFile(config, JSON.stringify(CONFIG, null, 2));
  return { root, config };
}
