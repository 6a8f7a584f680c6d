import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { MMME_PARTICIPANTS } from '../../../fixtures/mmme.js';

/** Every file under a folder (recursively), with its bytes as text. */
export async function allFiles(dir: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out.push({ file, text: (await readFile(file)).toString('latin1') });
  }
  return out;
}

/** The participant names found (case-insensitively) in file contents or in file paths under `dir`. */
export async function namesUnder(
  dir: string,
  names: readonly string[] = MMME_PARTICIPANTS,
): Promise<string[]> {
  const hits: string[] = [];
  for (const { file, text } of await allFiles(dir)) {
    const haystack = `${path.relative(dir, file)}\n${text}`.toLowerCase();
    for (const n of names) if (haystack.includes(n)) hits.push(`${n} in ${path.relative(dir, file)}`);
  }
  return hits;
}

export function namesIn(text: string, names: readonly string[] = MMME_PARTICIPANTS): string[] {
  const lower = text.toLowerCase();
  return names.filter((n) => lower.includes(n));
}
