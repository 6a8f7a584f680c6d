import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';
import type { SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { locateClip } from '../kit/clip.js';
import { childFolder, type PartCTree } from './layout.js';
import { CASME3_FPS } from './part-a.js';
import type { PartCRow } from './sheet.js';

/**
 * Part C (docs/datasets-more.md §2.2 d, §2.4 c): one 8-minute video per subject, `01/a/color/{n}.jpg`
 * with `depth/{n}.png` beside it. Its people are not known to be Part A's, so its subjects are `C01`…
 * Frame numbers are assumed to be file numbers as in Part A (unverified, §9).
 */
export const partCSubject = (n: number) => `C${String(n).padStart(2, '0')}`;
export const partCId = (r: PartCRow) =>
  `casme3/${partCSubject(r.subject)}/${partCSubject(r.subject)}_a_${r.count}`;

export async function buildPartCSample(
  root: string,
  tree: PartCTree,
  r: PartCRow,
  id: string,
  sheet: { file: string; name: string },
  issues: IssueLog,
): Promise<SourceSample | null> {
  const where = { sample: id, file: sheet.file, row: r.row };
  const subjectDir = tree.subjects.get(r.subject);
  const rel = relativePosix(root, tree.dir);
  const task = subjectDir ? await childFolder(path.join(tree.dir, subjectDir), 'a') : null;
  const color = task ? await childFolder(task, 'color') : null;
  if (!task || !color) {
    issues.error(
      'frames.folder-missing',
      `no folder ${rel}/${subjectDir ?? String(r.subject).padStart(2, '0')}/a/color/ for this sheet row; expected Part C's frames there`,
      where,
    );
    return null;
  }
  const clip = await locateClip(
    {
      root,
      dir: color,
      where,
      onset: r.onset,
      apex: null,
      offset: r.offset,
      labels: { onset: 'onset', apex: 'apex', offset: 'offset' },
      allowGaps: true,
    },
    issues,
  );
  if (!clip) return null;
  const depth = await childFolder(task, 'depth');
  const video = `${partCSubject(r.subject)}_a`;
  return {
    id,
    dataset: 'casme3',
    subset: 'C',
    subject: `casme3/${partCSubject(r.subject)}`,
    event: null,
    clip: video,
    kind: 'micro',
    fps: CASME3_FPS,
    frames: clip.frames,
    onset: clip.onset,
    apex: null,
    offset: clip.offset,
    source_frames: clip.source_frames,
    apex_source: 'missing',
    emotion: r.emotion,
    ...actionUnitsOf(r.aus, issues, where),
    source: { directory: clip.directory, sheet: sheet.file, sheet_name: sheet.name, row: r.row },
    extra: {
      video,
      count: r.count,
      ...(r.phy === null ? {} : { phy: r.phy }),
      ...(depth === null ? {} : { depth: relativePosix(root, depth) }),
    },
  };
}
