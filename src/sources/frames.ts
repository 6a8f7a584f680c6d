import { readdir } from 'node:fs/promises';
import path from 'node:path';

export const FRAME_EXTENSIONS = /\.(jpe?g|png|bmp|tiff?|webp)$/i;

export interface FrameFile {
  /** Absolute path. */
  path: string;
  name: string;
  /** The frame number written in the file name. */
  number: number;
}

export interface FrameListing {
  frames: FrameFile[];
  /** Frame numbers written by more than one file (`img1.jpg` and `img01.jpg`); the first is kept. */
  duplicates: { number: number; names: string[] }[];
  /** Image files with no number in their name. */
  unnumbered: string[];
  /**
   * Image files whose name is not valid UTF-8 (Node shows the bad bytes as U+FFFD, so the file
   * cannot be opened by that name): they are reported, never silently dropped from a clip.
   */
  undecodable: string[];
}

/**
 * The frame number is the last run of digits in the file name: padding is inconsistent inside
 * one dataset (`006_0180.jpg` vs `006_05562.jpg`, `image072643` vs `image17581039`), docs/datasets.md §0.1.
 */
export function frameNumber(name: string): number | null {
  const stem = name.replace(/\.[^.]+$/, '');
  const runs = stem.match(/\d+/g);
  return runs ? Number(runs[runs.length - 1]) : null;
}

/** The numbered image files of a folder, sorted by frame number (never by name: `img10` < `img9` as text). */
export async function listFrames(dir: string): Promise<FrameListing> {
  const entries = await readdir(dir, { withFileTypes: true });
  const byNumber = new Map<number, FrameFile[]>();
  const unnumbered: string[] = [];
  const undecodable: string[] = [];
  for (const e of entries) {
    if (!(e.isFile() || e.isSymbolicLink()) || !FRAME_EXTENSIONS.test(e.name)) continue;
    if (e.name.includes('\uFFFD')) {
      undecodable.push(e.name);
      continue;
    }
    const n = frameNumber(e.name);
    if (n === null) {
      unnumbered.push(e.name);
      continue;
    }
    const list = byNumber.get(n) ?? [];
    list.push({ path: path.join(dir, e.name), name: e.name, number: n });
    byNumber.set(n, list);
  }
  const numbers = [...byNumber.keys()].sort((a, b) => a - b);
  const duplicates: FrameListing['duplicates'] = [];
  const frames = numbers.map((n) => {
    const files = (byNumber.get(n) ?? []).sort((a, b) => a.name.localeCompare(b.name));
    if (files.length > 1) duplicates.push({ number: n, names: files.map((f) => f.name) });
    return files[0] as FrameFile;
  });
  return { frames, duplicates, unnumbered: unnumbered.sort(), undecodable: undecodable.sort() };
}

/** The message for frame files whose names are not UTF-8 (shown with U+FFFD where the bad bytes are). */
export function undecodableMessage(relDir: string, names: readonly string[]): string {
  const shown = names
    .slice(0, 3)
    .map((n) => JSON.stringify(n))
    .join(', ');
  return `${relDir}/: ${names.length} frame file name${names.length === 1 ? ' is' : 's are'} not valid UTF-8 (${shown}${names.length > 3 ? ', …' : ''}, bad bytes shown as \uFFFD) and cannot be opened by name; expected UTF-8 file names: rename them (e.g. convmv -f latin1 -t utf8)`;
}

/** Frame numbers missing between the first and last frame. */
export function frameGaps(frames: readonly FrameFile[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < frames.length; i++) {
    const prev = (frames[i - 1] as FrameFile).number;
    const cur = (frames[i] as FrameFile).number;
    for (let n = prev + 1; n < cur && gaps.length < 1000; n++) gaps.push(n);
  }
  return gaps;
}
