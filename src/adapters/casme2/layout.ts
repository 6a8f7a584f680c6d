import path from 'node:path';
import { listDirs } from '../../sources/fs.js';

/** The three frame layouts of a CASME II download (docs/datasets.md §1.2). */
export const CASME2_LAYOUTS = [
  // onset..offset only; first file = OnsetFrame
  { id: 'raw-selected', folders: ['CASME2_RAW_selected', 'CASME2-RAW-selected'] },
  // aligned faces, reg_img<n>.jpg, same numbering as raw-selected
  { id: 'cropped', folders: ['Cropped-updated/Cropped', 'Cropped', 'Cropped-updated', 'Cropped_original'] },
  // full sequences from img1; the sheet's frame numbers select onset..offset
  { id: 'raw', folders: ['CASME2-RAW', 'CASME2_RAW'] },
] as const;
export type Casme2LayoutId = (typeof CASME2_LAYOUTS)[number]['id'];

export interface FoundLayout {
  id: Casme2LayoutId;
  /** Absolute path of the folder holding `subNN/` folders. */
  dir: string;
  subjects: string[];
}

const SUBJECT_DIR = /^sub\d{1,3}$/i;

/** Layout folders present under a dataset folder (folder names compared case-insensitively). */
export async function findLayouts(root: string): Promise<FoundLayout[]> {
  const found: FoundLayout[] = [];
  for (const layout of CASME2_LAYOUTS) {
    for (const rel of layout.folders) {
      const dir = await resolveCaseInsensitive(root, rel);
      if (!dir) continue;
      const subjects = (await listDirs(dir)).filter((d) => SUBJECT_DIR.test(d));
      if (subjects.length > 0) {
        found.push({ id: layout.id, dir, subjects });
        break;
      }
    }
  }
  return found;
}

async function resolveCaseInsensitive(root: string, rel: string): Promise<string | null> {
  let dir = root;
  for (const part of rel.split('/')) {
    const match = (await listDirs(dir)).find((d) => d.toLowerCase() === part.toLowerCase());
    if (!match) return null;
    dir = path.join(dir, match);
  }
  return dir;
}

export function isCasme2Layout(id: string): id is Casme2LayoutId {
  return CASME2_LAYOUTS.some((l) => l.id === id);
}
