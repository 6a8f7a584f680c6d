import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MeUnifyError } from '../../issues/errors.js';
import { readRegularFile } from '../../sources/regular-file.js';

/**
 * MMME's `Subject` column and trial file names hold participants' personal names (docs/datasets.md
 * §4.2 A, B). Every participant gets a pseudonym `p01`, `p02`… by the sorted order of the names
 * across every coding sheet in the download, so the same person gets the same pseudonym whichever
 * sheet (combined, public or per-annotator) is converted, on every run. A subject map written
 * earlier wins: its assignments are kept and new names get the next free numbers.
 */
export function normaliseName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export const SubjectMapSchema = z.object({
  format: z.literal('me-unify-subject-map'),
  dataset: z.literal('mmme'),
  /** name (lower case) → subject id (`mmme/p01`). */
  subjects: z.record(z.string().min(1), z.string().regex(/^mmme\/p\d{2,}$/)),
});
export type SubjectMap = z.infer<typeof SubjectMapSchema>;

export class Pseudonyms {
  private readonly byName = new Map<string, string>();

  constructor(names: Iterable<string>, previous: SubjectMap | null = null) {
    let next = 1;
    for (const [name, id] of Object.entries(previous?.subjects ?? {})) {
      this.byName.set(normaliseName(name), id.replace(/^mmme\//, ''));
      next = Math.max(next, Number(id.replace(/^mmme\/p/, '')) + 1);
    }
    const fresh = [...new Set([...names].map(normaliseName))].filter((n) => n && !this.byName.has(n)).sort();
    for (const name of fresh) this.byName.set(name, `p${String(next++).padStart(2, '0')}`);
  }

  /** `p01` for a name; undefined for a name not seen in any sheet. */
  of(name: string): string | undefined {
    return this.byName.get(normaliseName(name));
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  toMap(): SubjectMap {
    const subjects: Record<string, string> = {};
    for (const [name, p] of [...this.byName].sort((a, b) => a[1].localeCompare(b[1])))
      subjects[name] = `mmme/${p}`;
    return { format: 'me-unify-subject-map', dataset: 'mmme', subjects };
  }
}

export async function readSubjectMap(file: string): Promise<SubjectMap | null> {
  let text: string;
  try {
    text = (await readRegularFile(file, '--subject-map file')).toString('utf8');
  } catch (err) {
    if (err instanceof MeUnifyError) throw err;
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MeUnifyError(
      `${file}: the --subject-map file exists but is not JSON; expected a map written by me-unify`,
      {
        file,
      },
    );
  }
  const parsed = SubjectMapSchema.safeParse(json);
  if (!parsed.success)
    throw new MeUnifyError(
      `${file}: the --subject-map file exists but is not an MMME subject map (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); move it away or choose another path`,
      { file },
    );
  return parsed.data;
}

/** Writes the name → pseudonym map (readable by the owner only), atomically. */
export async function writeSubjectMap(file: string, map: SubjectMap): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(map, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/** Words that may follow `coding_file_` without being an annotator's name. */
const NOT_A_NAME = new Set(['combined', 'final', 'new', 'old', 'copy', 'public', 'updated', 'all', 'merged']);

/** The annotator's name in `coding_file_<name>.xlsx` (docs/datasets.md §4.2; issue 5), or null. */
export function annotatorInSheetName(file: string): string | null {
  const m = /^coding_file[_ -]+([^.]+)\.[a-z]+$/i.exec(path.basename(file));
  const word = m?.[1]?.trim().toLowerCase();
  if (!word || NOT_A_NAME.has(word) || !/[a-z]{2,}/.test(word)) return null;
  return word;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces every known personal name in a text by its stand-in. Names match case-insensitively
 * where no letter touches them (`angry_1_146_<name>_20230802.avi`, `<name>/EEG/…`), so a short
 * name inside an ordinary word is left alone. Longest names first, so `lihua` wins over `li`.
 */
export function makeRedactor(replacements: ReadonlyMap<string, string>): (text: string) => string {
  const entries = [...replacements]
    .filter(([name]) => name.length > 0)
    .sort((a, b) => b[0].length - a[0].length);
  if (entries.length === 0) return (text) => text;
  const lookup = new Map(entries.map(([n, r]) => [n.toLowerCase(), r]));
  const pattern = new RegExp(
    `(?<![A-Za-z])(?:${entries.map(([n]) => escapeRegExp(n).replace(/ /g, '[ _-]?')).join('|')})(?![A-Za-z])`,
    'gi',
  );
  return (text) =>
    text.replace(
      pattern,
      (hit) =>
        lookup.get(hit.toLowerCase()) ?? lookup.get(hit.toLowerCase().replace(/[_-]/g, ' ')) ?? 'redacted',
    );
}

/** The known names that occur in a text (same matching as makeRedactor). */
export function namesIn(text: string, names: readonly string[]): string[] {
  return names.filter((n) =>
    new RegExp(`(?<![A-Za-z])${escapeRegExp(n).replace(/ /g, '[ _-]?')}(?![A-Za-z])`, 'i').test(text),
  );
}
