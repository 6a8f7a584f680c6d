import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every entry under `root` (names as raw bytes, so non-UTF-8 names count) with its type, mode and
 * content hash or link target: two equal results mean the tree is byte-for-byte unchanged.
 */
export async function hashTree(
  root: string,
  skip: (abs: string) => boolean = () => false,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(dir: Buffer, rel: string): Promise<void> {
    const names = (await readdir(dir, { encoding: 'buffer' })).sort(Buffer.compare);
    for (const name of names) {
      const abs = Buffer.concat([dir, Buffer.from('/'), name]);
      if (skip(abs.toString())) continue;
      const key = `${rel}/${name.toString('hex')}`;
      const st = await lstat(abs);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink())
        out.set(key, `link ${mode} ${(await readlink(abs, { encoding: 'buffer' })).toString('hex')}`);
      else if (st.isDirectory()) {
        out.set(key, `dir ${mode}`);
        await walk(abs, key);
      } else if (st.isFile()) {
        // a file we cannot read (chmod 000 for a non-root user) is still compared by size and time
        const content = await readFile(abs).catch(() => null);
        const digest = content
          ? createHash('sha256').update(content).digest('hex')
          : `unreadable ${st.size} ${st.mtimeMs}`;
        out.set(key, `file ${mode} ${digest}`);
      } else out.set(key, `other ${mode}`);
    }
  }
  await walk(Buffer.from(path.resolve(root)), '');
  return out;
}

/** One digest for a whole tree, for quick equality checks; `skip` leaves out paths (and what is under them). */
export async function treeDigest(root: string, skip?: (abs: string) => boolean): Promise<string> {
  const h = createHash('sha256');
  for (const [k, v] of await hashTree(root, skip)) h.update(`${k}\0${v}\n`);
  return h.digest('hex');
}

/** What is at `p` right now: absent, a file (its bytes) or a tree (treeDigest), link targets included. */
export async function pathDigest(p: string): Promise<string> {
  const st = await lstat(p).catch(() => null);
  if (!st) return 'absent';
  if (st.isSymbolicLink()) return `link ${await readlink(p)}`;
  if (st.isFile())
    return `file ${createHash('sha256')
      .update(await readFile(p))
      .digest('hex')}`;
  return `tree ${await treeDigest(p)}`;
}
