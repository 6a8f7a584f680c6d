import path from 'node:path';
import { isDir } from '../sources/fs.js';
/** The folders an adapter should look at: the root and its direct subfolders. */
export async function candidateFolders(root: string, children: readonly string[]): Promise<string[]> {
  const out = [root];
  for (const c of children) if (await isDir(path.join(root, c))) out.push(path.join(root, c));
  return out;
}
