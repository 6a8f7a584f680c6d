import path from 'node:path';
import type { Cell } from '../../sources/cells.js';
import { isDir, listDirs } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import { CONFIDENCE_RANK, type Detection } from '../adapter.js';

/** The folders an adapter should look at: the root and its direct subfolders. */
export async function candidateFolders(root: string, children: readonly string[]): Promise<string[]> {
  const out = [root];
  for (const c of children) if (await isDir(path.join(root, c))) out.push(path.join(root, c));
  return out;
}

export type FolderDetection = Omit<Detection, 'adapter'>;

/**
 * Detection over the root and its subfolders ("the dataset's own folder or the folder above it"):
 * the most confident folder wins, the first `high` one ends the search.
 */
export async function detectInCandidates(
  adapter: string,
  root: string,
  detectIn: (dir: string) => Promise<FolderDetection>,
): Promise<Detection> {
  let best: FolderDetection | null = null;
  for (const dir of await candidateFolders(root, await listDirs(root))) {
    const d = await detectIn(dir);
    if (!best || CONFIDENCE_RANK[d.confidence] > CONFIDENCE_RANK[best.confidence]) best = d;
    if (d.confidence === 'high') break;
  }
  return { adapter, ...(best as FolderDetection) };
}

/** One folder's answer: the folder itself when anything matched, else the reason nothing did. */
export function folderDetection(
  dir: string,
  confidence: FolderDetection['confidence'],
  evidence: string[],
  reasonWhenNone: string,
): FolderDetection {
  const none = confidence === 'none';
  return { confidence, root: none ? null : dir, evidence, reason: none ? reasonWhenNone : null };
}

/** The first of `files` that is a readable workbook with a tab `hasHeader` accepts (detection evidence), or null. */
export async function firstSheetWithHeader(
  files: readonly string[],
  hasHeader: (rows: readonly Cell[][]) => boolean,
): Promise<string | null> {
  for (const file of files) {
    try {
      if ((await readWorkbook(file)).sheets.some((s) => hasHeader(s.rows))) return file;
    } catch {
      // unreadable: not evidence of anything, and detection never fails on a file
    }
  }
  return null;
}
