import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const MARKER = '.me-unify-clip.json';

/** A stable hash of a clip's inputs and the options that shape its output. */
export function clipHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Returns the path when it lies inside the output's staging folder, else throws (`OutputDir.contain`). */
export type PathGuard = (p: string) => Promise<string>;

/**
 * Writes one clip's folder atomically: into `<dir>.tmp`, then renamed, with a marker holding the
 * hash of its inputs. A rerun finds the marker and skips the clip; a changed hash redoes it.
 * Every folder it creates, renames or deletes passes `guard` first.
 */
export async function writeClip(
  dir: string,
  hash: string,
  write: (tmpDir: string) => Promise<string[]>,
  guard: PathGuard,
): Promise<{ names: string[]; reused: boolean }> {
  await guard(dir);
  try {
    const marker = JSON.parse(await readFile(path.join(dir, MARKER), 'utf8')) as {
      hash?: string;
      names?: string[];
    };
    if (marker.hash === hash && Array.isArray(marker.names)) return { names: marker.names, reused: true };
  } catch {
    // no marker: the clip was never finished
  }
  const tmp = await guard(`${dir}.tmp`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const names = await write(tmp);
  await writeFile(path.join(tmp, MARKER), JSON.stringify({ hash, names }));
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { names, reused: false };
}

/**
 * Removes clip folders under `framesDir` that the finished run does not use: left by a killed
 * run with other options (`--limit`, `--shard`, a changed sheet) or half-written (`*.tmp`).
 * `keep` holds the clip folders' paths relative to `framesDir` (`casme2/sub01/EP02_01f`).
 */
export async function pruneClips(
  framesDir: string,
  keep: ReadonlySet<string>,
  guard: PathGuard,
): Promise<number> {
  let removed = 0;
  const walk = async (rel: string): Promise<boolean> => {
    const dir = await guard(path.join(framesDir, rel));
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    const isClip = entries.some((e) => e.isFile() && e.name === MARKER);
    if (rel !== '' && (rel.endsWith('.tmp') || (isClip && !keep.has(rel)))) {
      await rm(dir, { recursive: true, force: true });
      removed++;
      return true;
    }
    if (isClip) return false;
    let left = entries.length;
    for (const e of entries) if (e.isDirectory() && (await walk(rel ? `${rel}/${e.name}` : e.name))) left--;
    if (rel !== '' && left === 0) await rm(dir, { recursive: true, force: true });
    return rel !== '' && left === 0;
  };
  await walk('');
  return removed;
}
