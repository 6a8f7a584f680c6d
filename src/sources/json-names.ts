import { readdirSync } from 'node:fs';

/**
 * The built-in entries of a data folder (label profiles, errata lists, flow recipes): its `*.json`
 * file names without the extension, sorted. Synchronous so `--help` can list them; the folders
 * hold a handful of files. A missing folder lists nothing.
 */
export function jsonNamesIn(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}
