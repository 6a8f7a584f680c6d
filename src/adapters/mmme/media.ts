import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { type ClockTime, parseTifName } from './timestamps.js';

/**
 * Everything under an MMME root that conversion may need. The release layout is unpublished
 * (docs/datasets.md §4.1, §9), so media are found by name anywhere under the root.
 */
export interface MediaIndex {
  /** Videos by lower-case file name, and by lower-case stem (a trial converted to .mp4 still matches). */
  videosByName: Map<string, string[]>;
  videosByStem: Map<string, string[]>;
  videoCount: number;
  /** `.tif` frame sequences: one per (folder, date, marker). */
  sequences: TifSequence[];
  tifFrames: number;
  /** Neuroscan EEG (`.cdt`) and BIOPAC (`.mat`) files (docs/datasets.md §4.1). */
  eeg: string[];
  peripheral: string[];
  /** Coding sheets (`coding_file*.xlsx`) anywhere under the root. */
  sheets: string[];
}

export interface TifFrame {
  path: string;
  time: ClockTime;
}

export interface TifSequence {
  dir: string;
  date: string;
  marker: number;
  /** Sorted by time of day, then code. */
  frames: TifFrame[];
  /** The frame paths in the same order (shared by every sample of the trial). */
  paths: string[];
}

export const VIDEO_EXT = /\.(avi|mp4|mov|mkv|m4v)$/i;
export const SHEET_FILE = /^coding_file.*\.(xlsx|xls|csv)$/i;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Walks the whole tree once (hidden folders skipped; symlinked folders followed once). */
export async function indexMedia(root: string): Promise<MediaIndex> {
  const index: MediaIndex = {
    videosByName: new Map(),
    videosByStem: new Map(),
    videoCount: 0,
    sequences: [],
    tifFrames: 0,
    eeg: [],
    peripheral: [],
    sheets: [],
  };
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const groups = new Map<string, TifSequence>();
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      let isFolder = e.isDirectory();
      if (e.isSymbolicLink()) {
        try {
          isFolder = (await stat(full)).isDirectory();
        } catch {
          continue; // a dangling link
        }
      }
      if (isFolder) {
        subdirs.push(full);
        continue;
      }
      if (!e.isFile() && !e.isSymbolicLink()) continue;
      const lower = e.name.toLowerCase();
      if (VIDEO_EXT.test(lower)) {
        index.videoCount++;
        push(index.videosByName, lower, full);
        push(index.videosByStem, lower.replace(/\.[^.]+$/, ''), full);
      } else if (/\.tiff?$/.test(lower)) {
        const parsed = parseTifName(e.name);
        if (!parsed) continue;
        const key = `${parsed.date}/${parsed.marker}`;
        let seq = groups.get(key);
        if (!seq) {
          seq = { dir, date: parsed.date, marker: parsed.marker, frames: [], paths: [] };
          groups.set(key, seq);
        }
        seq.frames.push({ path: full, time: parsed.time });
      } else if (lower.endsWith('.cdt')) index.eeg.push(full);
      else if (lower.endsWith('.mat')) index.peripheral.push(full);
      else if (SHEET_FILE.test(e.name) && !e.name.startsWith('~$')) index.sheets.push(full);
    }
    for (const seq of groups.values()) {
      seq.frames.sort((a, b) => a.time.ms - b.time.ms || (a.time.code ?? 0) - (b.time.code ?? 0));
      seq.paths = seq.frames.map((f) => f.path);
      index.tifFrames += seq.frames.length;
      index.sequences.push(seq);
    }
    for (const sub of subdirs.sort()) await walk(sub);
  };
  await walk(root);
  for (const list of [index.eeg, index.peripheral, index.sheets]) list.sort();
  return index;
}

/** Nominal camera rate (docs/datasets.md §4.1: XIMEA recorded at 150 fps). */
export const NOMINAL_FPS = 150;

/** Half the 150 fps frame period: a sheet time this close to a frame's time names that frame. */
export const HALF_FRAME_MS = 1000 / 150 / 2;

/**
 * The index of the frame a sheet clock time names: the exact millisecond (and code, when both
 * have one), else the nearest frame within half a frame period; null when none is that close.
 */
export function findFrame(seq: TifSequence, clock: ClockTime): { index: number; exact: boolean } | null {
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let i = 0; i < seq.frames.length; i++) {
    const t = (seq.frames[i] as TifFrame).time;
    const distance = Math.abs(t.ms - clock.ms);
    if (distance === 0 && (clock.code === null || t.code === null || t.code === clock.code))
      return { index: i, exact: true };
    if (distance < bestDistance) {
      bestDistance = distance;
      best = i;
    }
  }
  if (best >= 0 && bestDistance <= HALF_FRAME_MS) return { index: best, exact: false };
  return null;
}

/** Frames missing between two indices: gaps longer than 1.5 frame periods at 150 fps. */
export function droppedFrames(seq: TifSequence, from: number, to: number): number {
  const period = 1000 / 150;
  let dropped = 0;
  for (let i = from + 1; i <= to; i++) {
    const gap = (seq.frames[i] as TifFrame).time.ms - (seq.frames[i - 1] as TifFrame).time.ms;
    if (gap > 1.5 * period) dropped += Math.round(gap / period) - 1;
  }
  return dropped;
}
