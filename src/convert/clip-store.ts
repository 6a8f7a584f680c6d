import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const MARKER = '.me-unify-clip.json';

/** A stable hash of a clip's inputs and the options that shape its output. */
export function clipHash(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * Writes one clip's folder atomically: into `<dir>.tmp`, then renamed, with a marker holding the
 * hash of its inputs. A rerun finds the marker and skips the clip; a changed hash redoes it.
 */
export async function writeClip(
  dir: string,
  hash: string,
  write: (tmpDir: string) => Promise<string[]>,
): Promise<{ names: string[]; reused: boolean }> {
  try {
    const marker = JSON.parse(await readFile(path.join(dir, MARKER), 'utf8')) as {
      hash?: string;
      names?: string[];
    };
    if (marker.hash === hash && Array.isArray(marker.names)) return { names: marker.names, reused: true };
  } catch {
    // no marker: the clip was never finished
  }
  const tmp = `${dir}.tmp`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const names = await write(tmp);
  await writeFile(path.join(tmp, MARKER), JSON.stringify({ hash, names }));
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return { names, reused: false };
}
