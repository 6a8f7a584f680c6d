import { stat } from 'node:fs/promises';

/**
 * What a resumed clip's output depends on beyond the source paths: each source file's size,
 * modification time (sub-millisecond) and inode, or null when it cannot be read. A frame
 * replaced after a killed run (new inode), rewritten (new mtime) or cut short (new size) changes
 * the stamp, so the clip is redone instead of serving the stale copy.
 */
export async function sourceStamps(files: readonly string[]): Promise<([number, number, number] | null)[]> {
  return Promise.all(
    files.map(async (f) => {
      const st = await stat(f).catch(() => null);
      return st ? ([st.size, st.mtimeMs, st.ino] as [number, number, number]) : null;
    }),
  );
}
