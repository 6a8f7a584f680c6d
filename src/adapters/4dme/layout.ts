import path from 'node:path';
import { listDirs } from '../../sources/fs.js';

/** Clip layouts (docs/datasets-more.md §4): `gray_micro/{sub_ID}/{fold_name}/`, meb's cropped copy. */
export const FOURDME_LAYOUTS = [
  { id: 'gray-micro', folders: ['gray_micro'] },
  { id: 'gray-micro-crop', folders: ['gray_micro_crop'] },
] as const;
export type FourDmeLayoutId = (typeof FOURDME_LAYOUTS)[number]['id'];

/** The long videos for spotting (docs/datasets-more.md §4, unverified): reported, not read. */
export const LONG_VIDEO_FOLDERS = ['long_gray_video'];

export interface FoundLayout {
  id: FourDmeLayoutId;
  dir: string;
  subjects: string[];
}

async function childNamed(root: string, names: readonly string[]): Promise<string | null> {
  const match = (await listDirs(root)).find((d) => names.includes(d.toLowerCase()));
  return match ? path.join(root, match) : null;
}

export async function findLayouts(root: string): Promise<FoundLayout[]> {
  const found: FoundLayout[] = [];
  for (const layout of FOURDME_LAYOUTS) {
    const dir = await childNamed(root, layout.folders);
    if (dir) found.push({ id: layout.id, dir, subjects: await listDirs(dir) });
  }
  return found;
}

export const findLongVideos = (root: string) => childNamed(root, LONG_VIDEO_FOLDERS);

/** How a sheet's sub_ID was matched to a folder: the form of sub_ID is unverified (docs/datasets-more.md §4). */
export type SubjectMatch = 'exact' | 'case' | 'number';

/**
 * The subject folder for a sub_ID: the same name, else the same name in another case, else the one
 * folder whose digits are the same number (`1` ↔ `S01`). Null when none, or when the number fits several.
 */
export function matchSubjectFolder(
  subject: string,
  folders: readonly string[],
): { folder: string; how: SubjectMatch } | null {
  if (folders.includes(subject)) return { folder: subject, how: 'exact' };
  const sameCase = folders.filter((f) => f.toLowerCase() === subject.toLowerCase());
  if (sameCase.length === 1 && sameCase[0]) return { folder: sameCase[0], how: 'case' };
  const number = digitsOf(subject);
  if (number === null) return null;
  const byNumber = folders.filter((f) => digitsOf(f) === number);
  return byNumber.length === 1 && byNumber[0] ? { folder: byNumber[0], how: 'number' } : null;
}

function digitsOf(name: string): number | null {
  const m = /^[A-Za-z_-]*(\d+)$/.exec(name.trim());
  return m?.[1] ? Number(m[1]) : null;
}
