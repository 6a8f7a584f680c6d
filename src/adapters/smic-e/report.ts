import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import type { SourceSample } from '../adapter.js';
import { type SmicESubsetDir, type SmicSubset, SUBJECT_DIR } from '../smic/layout.js';
import { sampleId } from './sample.js';
import type { SmicERow } from './sheet.js';

export function countFailedIntervals(
  rows: readonly SmicERow[],
  samples: readonly SourceSample[],
  subset: SmicSubset,
) {
  const ids = new Set(samples.map((s) => s.id));
  let n = 0;
  for (const row of rows) {
    const made = row.intervals.filter((i) => ids.has(sampleId(subset, row, i.k))).length;
    // only rows that produced something: wholly failed rows are already counted once
    if (made > 0) n += row.intervals.length - made + row.badIntervals.length;
  }
  return n;
}

/** Clip folders on disk that no sheet row names: reported, not converted. */
export async function reportUnlisted(
  root: string,
  subset: SmicESubsetDir,
  listed: Set<string>,
  issues: IssueLog,
): Promise<void> {
  if (!subset.clipsDir) return;
  for (const subjectDir of subset.subjects.filter((s) => SUBJECT_DIR.test(s))) {
    for (const clip of await listDirs(path.join(subset.clipsDir, subjectDir))) {
      if (listed.has(clip.toLowerCase())) continue;
      const rel = relativePosix(root, path.join(subset.clipsDir, subjectDir, clip));
      issues.warn('sheet.unlisted-folder', `${rel}/ has no row in the annotation sheet; not converted`, {
        file: rel,
      });
    }
  }
}
