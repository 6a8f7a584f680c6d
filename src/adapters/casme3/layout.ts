import path from 'node:path';
import { listDirs, listFiles } from '../../sources/fs.js';
import { canonicalSubject } from './sheet.js';

/**
 * Where a CAS(ME)^3 download keeps its frames and sheets. Several trees are seen (docs/datasets-more.md
 * §2.2): `data/part_A/`, `data/part_A_split/part_A/`, `data/Compressed_version1_seperate_compress/`
 * (each holding `spNO.{n}/{task}/color/{n}.jpg`), the ME-clip release `Part_A_ME_clip/frame/
 * spNO.1_a_355/`, and Part C `part_C/RGB_Depth/part_C/part_C/01/a/color/`. Rather than list every
 * path, the folders are found by what they hold, a few levels deep.
 */
export const CASME3_LAYOUTS = ['task-videos', 'me-clips'] as const;
export type Casme3LayoutId = (typeof CASME3_LAYOUTS)[number];

const SUBJECT_DIR = /^spno\.\d{1,4}$/i;
const CLIP_DIR = /^(spno\.\d{1,4})_([a-z])_(\d+)$/i;
const PART_C_SUBJECT = /^\d{1,3}$/;
const SHEET_FILE = /\.(xlsx|xls|csv)$/i;
/** Folder levels searched below the root: part_C/RGB_Depth/part_C/part_C is four. */
const MAX_DEPTH = 5;
/** Folders visited at most: the walk stops at the frame trees, so a real download needs few. */
const MAX_VISITS = 400;

export interface PartATree {
  /** The folder holding `spNO.{n}/` folders (absolute). */
  dir: string;
  /** Canonical subject (`spNO.1`) → folder name as on disk (`spNo.1`). */
  subjects: Map<string, string>;
}

export interface ClipTree {
  dir: string;
  /** `spNO.1|a|355` → folder name as on disk. */
  clips: Map<string, string>;
}

export interface PartCTree {
  dir: string;
  /** Subject number → folder name (`01`). */
  subjects: Map<number, string>;
}

export interface Casme3Files {
  taskVideos: PartATree[];
  meClips: ClipTree[];
  partC: PartCTree[];
  /** Every sheet-like file found (absolute), for the sheet finders. */
  sheets: string[];
}

export const clipKey = (subject: string, task: string, onset: number) =>
  `${subject}|${task.toLowerCase()}|${onset}`;

/** Walks the root (breadth first, bounded) for the frame trees and sheets of a CAS(ME)^3 download. */
export async function findCasme3Files(root: string): Promise<Casme3Files> {
  const out: Casme3Files = { taskVideos: [], meClips: [], partC: [], sheets: [] };
  let queue = [root];
  let visits = 0;
  for (let depth = 0; depth <= MAX_DEPTH && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of queue) {
      if (++visits > MAX_VISITS) return ranked(root, out);
      for (const f of await listFiles(dir)) if (SHEET_FILE.test(f)) out.sheets.push(path.join(dir, f));
      const children = await listDirs(dir);
      const subjects = children.filter((c) => SUBJECT_DIR.test(c));
      if (subjects.length > 0) {
        out.taskVideos.push({ dir, subjects: new Map(subjects.map((s) => [canonicalSubject(s), s])) });
        continue;
      }
      const clips = children.filter((c) => CLIP_DIR.test(c));
      if (clips.length > 0) {
        out.meClips.push({ dir, clips: new Map(clips.map((c) => [clipKeyOfFolder(c), c])) });
        continue;
      }
      if (/part_?c$/i.test(path.basename(dir)) && (await isPartCTree(dir, children))) {
        const numbered = children.filter((c) => PART_C_SUBJECT.test(c));
        out.partC.push({ dir, subjects: new Map(numbered.map((c) => [Number(c), c])) });
        continue;
      }
      // frame folders hold no further trees
      for (const c of children) if (!/^(color|depth)$/i.test(c)) next.push(path.join(dir, c));
    }
    queue = next;
  }
  return ranked(root, out);
}

/**
 * Part B (116 subjects, unlabelled, §2.1) may sit beside Part A with the same `spNO.<n>` folders:
 * a tree under a `part_A` folder comes first, one under `part_B` last.
 */
function ranked(root: string, files: Casme3Files): Casme3Files {
  const rank = (dir: string) => {
    const rel = path.relative(root, dir);
    return /part_?a(\b|_|$)/i.test(rel) ? 0 : /part_?b(\b|_|$)/i.test(rel) ? 2 : 1;
  };
  files.taskVideos.sort((a, b) => rank(a.dir) - rank(b.dir));
  return files;
}

function clipKeyOfFolder(name: string): string {
  const m = CLIP_DIR.exec(name) as RegExpExecArray;
  return clipKey(canonicalSubject(m[1] as string), m[2] as string, Number(m[3]));
}

/** A Part C tree: numbered subject folders, one of them holding a task folder with `color/` (§2.2 d). */
async function isPartCTree(dir: string, children: readonly string[]): Promise<boolean> {
  const first = children.find((c) => PART_C_SUBJECT.test(c));
  if (!first) return false;
  for (const t of await listDirs(path.join(dir, first)))
    if ((await listDirs(path.join(dir, first, t))).some((m) => m.toLowerCase() === 'color')) return true;
  return false;
}

/** A child folder by name, case-insensitively (`J` for `j`, `Color` for `color`); null when absent. */
export async function childFolder(dir: string, name: string): Promise<string | null> {
  const found = (await listDirs(dir)).find((d) => d.toLowerCase() === name.toLowerCase());
  return found === undefined ? null : path.join(dir, found);
}
