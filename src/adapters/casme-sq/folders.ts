import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { listDirs, listFiles, relativePosix } from '../../sources/fs.js';
import { type FoundLayout, parseVideoFolder, subjectNumber } from './layout.js';

/**
 * Where a row's frames are: the long-video folder found by its code inside the subject folder
 * (never by rebuilding the suffix: `0503unnyfarting`, `0508funnydunkey`), docs/datasets-more.md §1.6.
 */
export interface VideoFolders {
  /** The video folder of (subject folder, code) whose `NN_` prefix is the subject's, or why there is none. */
  find(subjectFolder: string, code: string): Promise<{ dir: string } | { problem: string }>;
  /** Reports folders on disk that no row used: a wrong `NN_` prefix (§1.7), or no sheet row. */
  reportUnused(used: ReadonlySet<string>, issues: IssueLog): Promise<void>;
}

export function videoFolders(root: string, layout: FoundLayout): VideoFolders {
  const listings = new Map<string, Promise<string[]>>();
  const list = (subject: string) => {
    let p = listings.get(subject);
    if (!p) {
      p = listDirs(path.join(layout.dir, subject));
      listings.set(subject, p);
    }
    return p;
  };
  const rel = (...parts: string[]) => relativePosix(root, path.join(layout.dir, ...parts));
  return {
    async find(subjectFolder, code) {
      const want = subjectNumber(subjectFolder);
      const subject = layout.subjects.find((s) => subjectNumber(s) === want);
      if (!subject) return { problem: `no subject folder ${rel(subjectFolder)}/` };
      const withCode = (await list(subject)).filter((d) => parseVideoFolder(d)?.code === code);
      const own = withCode.filter((d) => parseVideoFolder(d)?.subject === want);
      if (own.length === 1) return { dir: path.join(layout.dir, subject, own[0] as string) };
      if (own.length > 1)
        return {
          problem: `several folders in ${rel(subject)}/ for video code ${code} (${own.join(', ')}); expected one`,
        };
      const others = withCode.length > 0 ? ` (${withCode.join(', ')} is named for another subject)` : '';
      return {
        problem: `no folder ${rel(subject)}/${String(want).padStart(2, '0')}_${code}…/ for this sheet row${others}; expected the long video's frames there`,
      };
    },
    async reportUnused(used, issues) {
      for (const subject of layout.subjects) {
        for (const d of await list(subject)) {
          const parsed = parseVideoFolder(d);
          if (parsed && parsed.subject !== subjectNumber(subject)) {
            // rawpic/s19/23_0502funnyerrors in the release (docs/datasets-more.md §1.7)
            issues.warn(
              'casme-sq.misplaced-folder',
              `${rel(subject, d)}/ is named for subject ${parsed.subject} but lies in ${subject}/; not used for ${subject}'s rows, not converted`,
              { file: rel(subject, d) },
            );
          } else if (!used.has(path.join(layout.dir, subject, d))) {
            issues.warn(
              'sheet.unlisted-folder',
              `${rel(subject, d)}/ has no row in the CAS(ME)² sheet; not converted`,
              {
                file: rel(subject, d),
              },
            );
          }
        }
      }
    },
  };
}

/**
 * `rawvideo/sNN/NN_code….avi` when the download has it (§1.2 a): named in the sample's `extra`,
 * never decoded (the frames come from the chosen picture layout).
 */
export function rawVideoFiles(root: string): (subjectFolder: string, code: string) => Promise<string | null> {
  const listings = new Map<string, Promise<string[]>>();
  return async (subjectFolder, code) => {
    const dir = path.join(root, 'rawvideo', subjectFolder);
    let p = listings.get(dir);
    if (!p) {
      p = listFiles(dir);
      listings.set(dir, p);
    }
    const want = subjectNumber(subjectFolder);
    const file = (await p).find((f) => {
      const parsed = parseVideoFolder(f);
      return /\.avi$/i.test(f) && parsed?.code === code && parsed.subject === want;
    });
    return file ? relativePosix(root, path.join(dir, file)) : null;
  };
}
