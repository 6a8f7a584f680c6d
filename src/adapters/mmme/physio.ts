import path from 'node:path';
import { relativePosix } from '../../sources/fs.js';
import { namesIn } from './pseudonyms.js';

/** A physiological recording of a participant (docs/datasets.md §4.1); the signals are not parsed. */
export interface PhysioFile {
  /** Relative to the dataset root, POSIX, with any personal name replaced by the pseudonym. */
  file: string;
  /** True when the path held a name: as written it does not resolve (FORMAT.md, Privacy). */
  path_pseudonymised: boolean;
}

export interface PhysioLinks {
  bySubject: Map<string, { eeg: PhysioFile[]; peripheral: PhysioFile[] }>;
  unlinked: { eeg: number; peripheral: number };
}

/**
 * Which participant a `.cdt`/`.mat` file belongs to. The release layout is unpublished, so:
 * (1) a participant's name in the file's path (a per-person folder); else (2) the deepest folder
 * above the file that holds the trial media of exactly one participant. Anything else stays
 * unlinked and is counted, never guessed.
 */
export function linkPhysio(
  root: string,
  files: { eeg: readonly string[]; peripheral: readonly string[] },
  names: readonly string[],
  pseudonymOf: (name: string) => string | undefined,
  mediaBySubject: ReadonlyMap<string, readonly string[]>,
  redact: (text: string) => string,
): PhysioLinks {
  const owners = new Map<string, Set<string>>(); // folder → subjects with media below it
  for (const [subject, media] of mediaBySubject) {
    for (const file of media) {
      for (
        let dir = path.dirname(file);
        dir.length > root.length && dir.startsWith(root);
        dir = path.dirname(dir)
      ) {
        const set = owners.get(dir) ?? new Set<string>();
        set.add(subject);
        owners.set(dir, set);
      }
    }
  }
  const links: PhysioLinks = { bySubject: new Map(), unlinked: { eeg: 0, peripheral: 0 } };
  const ownerOf = (file: string): string | null => {
    const rel = relativePosix(root, file);
    const named = namesIn(rel, names);
    if (named.length === 1) return pseudonymOf(named[0] as string) ?? null;
    if (named.length > 1) return null;
    for (
      let dir = path.dirname(file);
      dir.length > root.length && dir.startsWith(root);
      dir = path.dirname(dir)
    ) {
      const set = owners.get(dir);
      if (set?.size === 1) return [...set][0] as string;
      if (set && set.size > 1) return null;
    }
    return null;
  };
  for (const kind of ['eeg', 'peripheral'] as const) {
    for (const file of files[kind]) {
      const subject = ownerOf(file);
      if (!subject) {
        links.unlinked[kind]++;
        continue;
      }
      const rel = relativePosix(root, file);
      const shown = redact(rel);
      const entry = links.bySubject.get(subject) ?? { eeg: [], peripheral: [] };
      entry[kind].push({ file: shown, path_pseudonymised: shown !== rel });
      links.bySubject.set(subject, entry);
    }
  }
  return links;
}
