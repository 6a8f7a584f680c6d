import path from 'node:path';
import { listDirs, listFiles } from '../../sources/fs.js';

/** The three SMIC cameras (docs/datasets.md §3.1). */
export const SMIC_SUBSETS = ['hs', 'vis', 'nir'] as const;
export type SmicSubset = (typeof SMIC_SUBSETS)[number];

/** HS was filmed at 100 fps, VIS and NIR at 25 fps (docs/datasets.md §3.1). */
export const SMIC_FPS: Record<SmicSubset, number> = { hs: 100, vis: 25, nir: 25 };

/** Subject folders: `s1` in SMIC, `s01` in SMIC-E (docs/datasets.md §3.2, §3.3); both accepted in both. */
export const SUBJECT_DIR = /^s(\d{1,3})$/i;
/** SMIC clip names `s1_ne_01`, `s20_sur_03` (docs/datasets.md §3.2). */
export const CLIP_NAME = /^s(\d{1,3})_(ne|po|sur)_(\d+)$/i;
export const CODE_EMOTION: Record<string, string> = { ne: 'negative', po: 'positive', sur: 'surprise' };

/** `hs`, `vis` or `nir` from a folder named HS, VIS, NIR (any case, optional `SMIC-` prefix). */
export function subsetOf(name: string): SmicSubset | null {
  const m = /^(?:smic[-_ ]?)?(hs|vis|nir)$/i.exec(name);
  return m ? ((m[1] as string).toLowerCase() as SmicSubset) : null;
}

export function padSubject(n: number | string): string {
  return `s${String(Number(n)).padStart(2, '0')}`;
}

/** A SMIC folder's subject (`s1`, `s01`) as the person id SMIC and SMIC-E share (`s01`); other names kept. */
export function smicPerson(folder: string): string {
  const n = /^s0*(\d+)$/i.exec(folder)?.[1];
  return n === undefined ? folder : padSubject(n);
}

/**
 * The movement a SMIC or SMIC-E clip records. An HS clip and the SMIC-E HS interval of the same
 * Filename are one movement: `smic/s1_ne_01`. VIS and NIR filmed the same sessions, but that a
 * VIS/NIR clip name denotes the HS clip of the same name is not verified (the SMIC-E sheet links
 * HS to VIS by row, docs/datasets.md §3.1, §3.4), so each camera's clips are their own events
 * (`smic/vis/s11_ne_01`); splits still keep them with the HS clips because the person is shared.
 */
export function smicEvent(subset: SmicSubset, clip: string): string {
  return subset === 'hs' ? `smic/${clip}` : `smic/${subset}/${clip}`;
}

// ---------------------------------------------------------------------------------------------
// SMIC short clips: <tree>/{HS,VIS,NIR}/s<n>/{micro/<emotion>/<clip>, non_micro/<clip>} (§3.2)

/** The two SMIC releases a `--layout` can choose (`SMIC_all_raw/`, `SMIC_all_cropped/`). */
export const SMIC_LAYOUTS = ['raw', 'cropped'] as const;
export type SmicLayoutId = (typeof SMIC_LAYOUTS)[number];

export interface SmicSubsetDir {
  subset: SmicSubset;
  /** Absolute path of the HS/VIS/NIR folder. */
  dir: string;
  /** Subject folder names (`s1`, …) that hold a `micro/` or `non_micro/` folder. */
  subjects: string[];
}

export interface SmicTree {
  /** `SMIC_all_cropped` (aligned faces, `reg_image*.bmp`) or the raw release (§3.2). */
  id: SmicLayoutId;
  /** The folder holding HS/, VIS/, NIR/ (`SMIC_all_raw`, or the dataset folder itself). */
  dir: string;
  subsets: SmicSubsetDir[];
}

async function smicSubjects(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const s of (await listDirs(dir)).filter((d) => SUBJECT_DIR.test(d))) {
    const inside = (await listDirs(path.join(dir, s))).map((d) => d.toLowerCase());
    if (inside.includes('micro') || inside.includes('non_micro')) out.push(s);
  }
  return out;
}

/** The tree `dir` heads, if it holds HS/VIS/NIR folders with SMIC subject folders. */
async function smicTreeAt(dir: string): Promise<SmicTree | null> {
  const subsets: SmicSubsetDir[] = [];
  for (const child of await listDirs(dir)) {
    const subset = subsetOf(child);
    if (!subset || subsets.some((s) => s.subset === subset)) continue;
    const subjects = await smicSubjects(path.join(dir, child));
    if (subjects.length > 0) subsets.push({ subset, dir: path.join(dir, child), subjects });
  }
  if (subsets.length === 0) return null;
  subsets.sort((a, b) => SMIC_SUBSETS.indexOf(a.subset) - SMIC_SUBSETS.indexOf(b.subset));
  return { id: /crop/i.test(path.basename(dir)) ? 'cropped' : 'raw', dir, subsets };
}

/**
 * SMIC trees in `root`: `root` itself (HS/ at the top level, §3.2 "also seen as SMIC/HS") and its
 * subfolders (`SMIC_all_raw/`, `SMIC_all_cropped/`). Raw first.
 */
export async function findSmicTrees(root: string): Promise<SmicTree[]> {
  const found: SmicTree[] = [];
  const self = await smicTreeAt(root);
  if (self) found.push(self);
  for (const child of await listDirs(root)) {
    if (subsetOf(child)) continue; // already read as part of `root`
    const tree = await smicTreeAt(path.join(root, child));
    if (tree) found.push(tree);
  }
  return found.sort((a, b) => (a.id === b.id ? 0 : a.id === 'raw' ? -1 : 1));
}

// ---------------------------------------------------------------------------------------------
// SMIC-E long clips: <root>/{HS,VIS,NIR}_long/SMIC-<X>-E/[<X>/]s<NN>/<clip>/ + sheets (§3.3)

export interface SmicESubsetDir {
  subset: SmicSubset;
  /** The `HS_long` folder (or the dataset folder when the user pointed at it). */
  dir: string;
  /** The folder holding the subject folders (`SMIC-HS-E/` or `SMIC-HS-E/HS/`), or null when absent. */
  clipsDir: string | null;
  subjects: string[];
  /** Annotation sheets found for this subset (absolute paths), plain names before `_2019`. */
  sheets: string[];
}

const LONG_DIR = /^(hs|vis|nir)[-_ ]?long$/i;
const CONTAINER = (subset: SmicSubset) => new RegExp(`^smic[-_ ]?${subset}[-_ ]?e$`, 'i');
export const SHEET_FILE = (subset: SmicSubset) =>
  new RegExp(`^smic[-_ ]?${subset}[-_ ]?e[-_ ]?annotation.*\\.(xlsx|xlsm|xls|csv)$`, 'i');

function sheetRank(name: string): number {
  return /2019/.test(name) ? 1 : 0;
}

async function sheetsIn(dirs: readonly string[], subset: SmicSubset): Promise<string[]> {
  const out: string[] = [];
  for (const d of dirs)
    for (const f of await listFiles(d)) if (SHEET_FILE(subset).test(f)) out.push(path.join(d, f));
  return out.sort((a, b) => sheetRank(path.basename(a)) - sheetRank(path.basename(b)) || a.localeCompare(b));
}

async function smicESubsetAt(dir: string, subset: SmicSubset, root: string): Promise<SmicESubsetDir> {
  let clipsDir: string | null = null;
  let subjects: string[] = [];
  const container = (await listDirs(dir)).find((d) => CONTAINER(subset).test(d));
  if (container) {
    const base = path.join(dir, container);
    // an extra HS/ (VIS/, NIR/) level exists in some copies (§3.3)
    const inner = (await listDirs(base)).find((d) => subsetOf(d) === subset);
    for (const candidate of inner ? [path.join(base, inner), base] : [base]) {
      const found = (await listDirs(candidate)).filter((d) => SUBJECT_DIR.test(d));
      if (found.length > 0) {
        clipsDir = candidate;
        subjects = found;
        break;
      }
    }
  }
  const sheetDirs = [dir, ...(container ? [path.join(dir, container)] : []), ...(dir === root ? [] : [root])];
  return { subset, dir, clipsDir, subjects, sheets: await sheetsIn(sheetDirs, subset) };
}

/** SMIC-E subsets under `root` (the `SMIC-E_raw image` folder, or one `HS_long` folder). */
export async function findSmicESubsets(root: string): Promise<SmicESubsetDir[]> {
  const out: SmicESubsetDir[] = [];
  const own = LONG_DIR.exec(path.basename(root));
  const places: [string, SmicSubset][] = own
    ? [[root, (own[1] as string).toLowerCase() as SmicSubset]]
    : (await listDirs(root))
        .map((d): [string, SmicSubset | null] => [
          path.join(root, d),
          (LONG_DIR.exec(d)?.[1]?.toLowerCase() ?? null) as SmicSubset | null,
        ])
        .filter((p): p is [string, SmicSubset] => p[1] !== null);
  for (const [dir, subset] of places) {
    if (out.some((s) => s.subset === subset)) continue;
    const found = await smicESubsetAt(dir, subset, root);
    if (found.clipsDir || found.sheets.length > 0) out.push(found);
  }
  return out.sort((a, b) => SMIC_SUBSETS.indexOf(a.subset) - SMIC_SUBSETS.indexOf(b.subset));
}

/** Subject folder for a subject number (`s01` or `s1`, whichever exists). */
export function subjectFolder(subjects: readonly string[], n: number): string | undefined {
  return subjects.find((s) => Number(SUBJECT_DIR.exec(s)?.[1]) === n);
}

/**
 * Which subsets and layout a `--layout` value selects: comma-separated tokens from
 * raw | cropped | hs | vis | nir (e.g. `cropped,hs`). Unknown tokens are returned for the error.
 */
export function parseLayoutOption(value: string | undefined): {
  layout: SmicLayoutId | null;
  subsets: SmicSubset[] | null;
  unknown: string[];
} {
  if (!value) return { layout: null, subsets: null, unknown: [] };
  let layout: SmicLayoutId | null = null;
  const subsets: SmicSubset[] = [];
  const unknown: string[] = [];
  for (const token of value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)) {
    if ((SMIC_LAYOUTS as readonly string[]).includes(token)) layout = token as SmicLayoutId;
    else if ((SMIC_SUBSETS as readonly string[]).includes(token)) subsets.push(token as SmicSubset);
    else unknown.push(token);
  }
  return { layout, subsets: subsets.length > 0 ? subsets : null, unknown };
}
