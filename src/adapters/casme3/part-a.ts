import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import type { Cell } from '../../sources/cells.js';
import { relativePosix } from '../../sources/fs.js';
import type { SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { locateClip } from '../kit/clip.js';
import { reportKnownErratum } from './known-errata.js';
import { type ClipTree, childFolder, clipKey, type PartATree } from './layout.js';
import type { LabelRow, SpottingRow } from './sheet.js';

/** 30 fps (docs/datasets-more.md §2.1). */
export const CASME3_FPS = 30;

/** One Part A expression as a sample needs it, from the label sheet or the spotting sheet. */
export interface PartARow {
  subject: LabelRow['subject'];
  filename: LabelRow['filename'];
  onset: number;
  apex: number | null;
  offset: number;
  aus: Cell;
  objective: string | null;
  emotion: string | null;
  kind: 'micro' | 'macro';
  sheet: string;
  sheetName: string;
  row: number;
}

export const fromLabel = (r: LabelRow, sheet: string, sheetName: string): PartARow => ({
  ...r,
  kind: 'micro',
  sheet,
  sheetName,
});
export const fromSpotting = (r: SpottingRow, sheet: string, sheetName: string): PartARow => ({
  ...r,
  emotion: null,
  kind: r.type,
  sheet,
  sheetName,
});

/** The task video a row lives in, as `extra.video` and `clip` name it: `spNO.1_a` (docs/datasets-more.md §6.1). */
export const taskVideo = (r: Pick<PartARow, 'subject' | 'filename'>) =>
  `${r.subject.canonical}_${r.filename.lower}`;

/** `casme3/spNO.1/spNO.1_a_355`, the ME-clip release's folder name (§2.6); macro rows add `_macro`. */
export function partAId(r: Pick<PartARow, 'subject' | 'filename' | 'onset' | 'kind'>): string {
  return `casme3/${r.subject.canonical}/${r.subject.canonical}_${r.filename.lower}_${r.onset}${r.kind === 'macro' ? '_macro' : ''}`;
}

export type PartAFrames = { layout: 'task-videos'; tree: PartATree } | { layout: 'me-clips'; tree: ClipTree };

const LABELS = { onset: 'Onset', apex: 'Apex', offset: 'Offset' };

/** One row's sample, or null after reporting why it cannot be built. */
export async function buildPartASample(
  root: string,
  frames: PartAFrames,
  r: PartARow,
  id: string,
  issues: IssueLog,
): Promise<SourceSample | null> {
  const where = { sample: id, file: r.sheet, row: r.row };
  reportKnownErratum(r, where, issues);
  const range = sheetRange(r, where, issues);
  if (!range) return null;
  const dirs = await frameFolder(root, frames, r, where, issues);
  if (!dirs) return null;
  const clip = await locateClip(
    {
      root,
      dir: dirs.color,
      where,
      onset: r.onset,
      apex: r.apex,
      offset: range.offset,
      labels: LABELS,
      // frames are file numbers with drops (§2.3): located by number, gaps reported
      allowGaps: true,
      cutToRange: frames.layout === 'me-clips',
    },
    issues,
  );
  if (!clip) return null;
  const video = taskVideo(r);
  return {
    id,
    dataset: 'casme3',
    subset: 'A',
    subject: `casme3/${r.subject.canonical}`,
    event: null,
    clip: video,
    kind: r.kind,
    fps: CASME3_FPS,
    frames: clip.frames,
    onset: clip.onset,
    apex: clip.apex,
    offset: clip.offset,
    source_frames: { ...clip.source_frames, offset: range.offsetKnown ? r.offset : null },
    apex_source: clip.apex_source,
    emotion: r.emotion,
    ...actionUnitsOf(r.aus, issues, where),
    source: { directory: clip.directory, sheet: r.sheet, sheet_name: r.sheetName, row: r.row },
    extra: {
      video,
      ...(r.objective === null ? {} : { objective_class: r.objective }),
      ...(dirs.depth === null ? {} : { depth: relativePosix(root, dirs.depth) }),
    },
  };
}

/**
 * The row's end frame. Offset 0 means "not annotated" (docs/datasets-more.md §0, rule 3; rows 798 and 800, §2.7): like every
 * spotting loader, the range ends at the apex, reported, with `source_frames.offset` null so the
 * spotting ground truth lists it as unknown. Without an apex after the onset the row is refused.
 */
function sheetRange(
  r: PartARow,
  where: { sample: string; file: string; row: number },
  issues: IssueLog,
): { offset: number; offsetKnown: boolean } | null {
  if (r.offset !== 0 || r.onset === 0) return { offset: r.offset, offsetKnown: true };
  if (r.apex === null || r.apex < r.onset) {
    issues.error(
      'casme3.offset-unknown',
      `${r.subject.written} ${r.filename.written}: Offset 0 (not annotated) and no Apex at or after Onset ${r.onset} to end the range at; expected an Offset frame number`,
      where,
    );
    return null;
  }
  issues.warn(
    'casme3.offset-unknown',
    `${r.subject.written} ${r.filename.written}: Offset 0 (not annotated, docs/datasets-more.md §0, rule 3); the sample's range ends at Apex ${r.apex}, source_frames.offset is null`,
    where,
  );
  return { offset: r.apex, offsetKnown: false };
}

/** The row's colour-frame folder (and depth folder, recorded, never converted), matched case-insensitively (§2.6). */
async function frameFolder(
  root: string,
  frames: PartAFrames,
  r: PartARow,
  where: { sample: string; file: string; row: number },
  issues: IssueLog,
): Promise<{ color: string; depth: string | null } | null> {
  const missing = (what: string) => {
    issues.error(
      'frames.folder-missing',
      `no folder ${what} for this sheet row; expected its frames there`,
      where,
    );
    return null;
  };
  if (frames.layout === 'me-clips') {
    const name = frames.tree.clips.get(clipKey(r.subject.canonical, r.filename.lower, r.onset));
    const rel = relativePosix(root, frames.tree.dir);
    if (!name) return missing(`${rel}/${r.subject.canonical}_${r.filename.lower}_${r.onset}/`);
    const dir = path.join(frames.tree.dir, name);
    return { color: (await childFolder(dir, 'color')) ?? dir, depth: await childFolder(dir, 'depth') };
  }
  const rel = relativePosix(root, frames.tree.dir);
  const subjectName = frames.tree.subjects.get(r.subject.canonical);
  if (!subjectName) return missing(`${rel}/${r.subject.written}/ (spNO or spNo, any case)`);
  const task = await childFolder(path.join(frames.tree.dir, subjectName), r.filename.lower);
  if (!task) return missing(`${rel}/${subjectName}/${r.filename.lower}/`);
  const color = await childFolder(task, 'color');
  if (!color) return missing(`${relativePosix(root, task)}/color/`);
  return { color, depth: await childFolder(task, 'depth') };
}
