import path from 'node:path';
import { listDirs } from '../../sources/fs.js';

/**
 * The frame layouts of a CAS(ME)² download (docs/datasets-more.md §1.2, §1.3). Long-video layouts
 * hold one folder per recording (`s15/15_0101disgustingteeth/`), Part B layouts one folder per
 * sheet row (`s15/anger1_1/`); every layout numbers frames as the long video does.
 */
export const CASME_SQ_LAYOUTS = [
  // Part A, the long videos: img001.jpg … (§1.2 a)
  { id: 'rawpic', folder: 'rawpic', long: true, subject: 's' },
  // MEGC 2021 face-cropped long videos: img_1.jpg … (§1.2 b)
  { id: 'face-cropped', folder: 'longVideoFaceCropped', long: true, subject: 's' },
  // Part B, one folder per expression: img557.jpg … (§1.2 a)
  { id: 'selectedpic', folder: 'selectedpic', long: false, subject: 's' },
  // Part B face-cropped; subject folders without the "s" (`cropped/15/`) (§1.2 a)
  { id: 'cropped', folder: 'cropped', long: false, subject: '' },
] as const;
export type CasmeSqLayoutId = (typeof CASME_SQ_LAYOUTS)[number]['id'];
export type CasmeSqLayout = (typeof CASME_SQ_LAYOUTS)[number];

export interface FoundLayout {
  layout: CasmeSqLayout;
  /** Absolute path of the folder holding the subject folders. */
  dir: string;
  /** Subject folder names as on disk (`s15`, or `15` in cropped/). */
  subjects: string[];
}

export const SUBJECT_DIR = { s: /^s\d{1,3}$/i, '': /^\d{1,3}$/ } as const;

/**
 * Layout folders present in a dataset folder, names compared case-insensitively. A folder doubled
 * by unzipping (`rawpic/rawpic/`, seen in a Kaggle mirror, §1.2 a) is entered.
 */
export async function findLayouts(root: string): Promise<FoundLayout[]> {
  const found: FoundLayout[] = [];
  const top = await listDirs(root);
  for (const layout of CASME_SQ_LAYOUTS) {
    const name = top.find((d) => d.toLowerCase() === layout.folder.toLowerCase());
    if (!name) continue;
    let dir = path.join(root, name);
    const inner = await listDirs(dir);
    const doubled = inner.find((d) => d.toLowerCase() === layout.folder.toLowerCase());
    if (doubled) dir = path.join(dir, doubled);
    const subjects = (await listDirs(dir)).filter((d) => SUBJECT_DIR[layout.subject].test(d));
    if (subjects.length > 0) found.push({ layout, dir, subjects });
  }
  return found;
}

export function isCasmeSqLayout(id: string): id is CasmeSqLayoutId {
  return CASME_SQ_LAYOUTS.some((l) => l.id === id);
}

/** `15_0101disgustingteeth` → subject number 15 and code `0101`; the suffix is never rebuilt (§1.6). */
export function parseVideoFolder(name: string): { subject: number; code: string } | null {
  const m = /^(\d{1,3})_(\d{4})/.exec(name);
  return m ? { subject: Number(m[1]), code: m[2] as string } : null;
}

/** The subject number of a subject folder (`s15` or `15`). */
export const subjectNumber = (folder: string): number => Number(folder.replace(/^s/i, ''));
