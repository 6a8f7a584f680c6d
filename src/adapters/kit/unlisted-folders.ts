import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { listDirs, relativePosix } from '../../sources/fs.js';

export interface ClipFolderParent {
  /** A folder holding clip folders (a subject folder). */
  dir: string;
  /** The sample id a clip folder in it would have. */
  idOf(clip: string): string;
}

/**
 * Clip folders on disk that no sheet row lists (sub09/EP02_02f in real CASME II downloads,
 * docs/datasets.md §1.5): each reported (`sheet.unlisted-folder`), none converted. Returns their
 * paths relative to the root.
 */
export async function reportUnlistedFolders(
  root: string,
  parents: readonly ClipFolderParent[],
  listed: ReadonlySet<string>,
  sheetName: string,
  issues: IssueLog,
): Promise<string[]> {
  const out: string[] = [];
  for (const parent of parents) {
    for (const clip of await listDirs(parent.dir)) {
      if (listed.has(parent.idOf(clip))) continue;
      const rel = relativePosix(root, path.join(parent.dir, clip));
      out.push(rel);
      issues.warn('sheet.unlisted-folder', `${rel}/ has no row in the ${sheetName}; not converted`, {
        file: rel,
      });
    }
  }
  return out;
}
