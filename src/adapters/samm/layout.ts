import path from 'node:path';
import { listDirs, listFiles } from '../../sources/fs.js';

// docs/datasets.md §2.2: SAMM/<sss>/<sss>_<InducementCode>_<index>/<sss>_<frame>.jpg
export const SUBJECT_DIR = /^\d{3}$/;
export const MICRO_CLIP_DIR = /^(\d{3})_(\d+)_(\d+)$/;
// docs/datasets.md §2.5: SAMM_longvideos/<sss>_<n>/<sss>_<n>_<frame>.jpg (no subject level)
export const LONG_VIDEO_DIR = /^(\d{3})_(\d+)$/;
export const LONG_VIDEOS_FOLDER = /^samm[ _-]?long[ _-]?videos?$/i;

// SAMM_Micro_FACS_Codes_v2.xlsx and SAMM_20181215_Micro_FACS_Codes_v2.xlsx (docs/datasets.md §2.3)
export const MICRO_SHEET_FILE = /^samm.*micro.*\.(xlsx|xlsm|xls|csv)$/i;
// SAMM_LongVideos_V1/V2/V3_Release.xlsx, also .xls (docs/datasets.md §2.5)
export const LONG_SHEET_FILE = /^samm.*long.*\.(xlsx|xlsm|xls|csv)$/i;

export interface MicroFrames {
  /** Absolute path of the folder holding the `sss/` subject folders. */
  dir: string;
  /** Subject folder names that hold at least one `sss_n_k` clip folder. */
  subjects: string[];
}

/** Subject folders of `dir` that look like SAMM: `006/` holding `006_1_2/`-style clip folders. */
export async function sammSubjects(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const s of (await listDirs(dir)).filter((d) => SUBJECT_DIR.test(d))) {
    if ((await listDirs(path.join(dir, s))).some((c) => MICRO_CLIP_DIR.test(c))) out.push(s);
  }
  return out;
}

/** The micro-movement frame folder: `dir` itself, or a `SAMM/` folder inside it (case-insensitive). */
export async function findMicroFrames(dir: string): Promise<MicroFrames | null> {
  const here = await sammSubjects(dir);
  if (here.length > 0) return { dir, subjects: here };
  for (const child of (await listDirs(dir)).filter((d) => /^samm/i.test(d) && !LONG_VIDEOS_FOLDER.test(d))) {
    const subjects = await sammSubjects(path.join(dir, child));
    if (subjects.length > 0) return { dir: path.join(dir, child), subjects };
  }
  return null;
}

export interface LongVideoFrames {
  /** Absolute path of the folder holding the `sss_n/` video folders. */
  dir: string;
  videos: string[];
  /** True when the folder carries the release's name (`SAMM_longvideos`). */
  named: boolean;
}

/** The long-video frame folder: a `SAMM_longvideos/` inside `dir`, or `dir` itself. */
export async function findLongVideoFrames(dir: string): Promise<LongVideoFrames | null> {
  for (const child of (await listDirs(dir)).filter((d) => LONG_VIDEOS_FOLDER.test(d))) {
    const videos = (await listDirs(path.join(dir, child))).filter((d) => LONG_VIDEO_DIR.test(d));
    if (videos.length > 0) return { dir: path.join(dir, child), videos, named: true };
  }
  const videos = (await listDirs(dir)).filter((d) => LONG_VIDEO_DIR.test(d));
  if (videos.length === 0) return null;
  const named = LONG_VIDEOS_FOLDER.test(path.basename(dir));
  // without the release's folder name, `001_2/` alone is too common a name: ask for a `001_2_0001.jpg` inside
  if (!named && !(await holdsVideoFrames(dir, videos))) return null;
  return { dir, videos, named };
}

async function holdsVideoFrames(dir: string, videos: readonly string[]): Promise<boolean> {
  for (const v of videos.slice(0, 5)) {
    const frame = new RegExp(`^${v}_\\d+\\.(jpe?g|png|bmp)$`, 'i');
    if ((await listFiles(path.join(dir, v))).some((f) => frame.test(f))) return true;
  }
  return false;
}

/** Files in `dirs` (deduplicated, absolute) whose names match `pattern`. */
export async function findFiles(dirs: readonly string[], pattern: RegExp): Promise<string[]> {
  const out = new Set<string>();
  for (const d of dirs) for (const f of await listFiles(d)) if (pattern.test(f)) out.add(path.join(d, f));
  return [...out];
}
