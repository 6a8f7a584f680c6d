import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import type { IssueInput } from '../../schema/issue.js';
import type { ApexSource } from '../../schema/sample.js';
import { type Cell, showCell } from '../../sources/cells.js';
import type { FrameListing } from '../../sources/frames.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import { clipFrames } from './clip-frames.js';
import { describeRangeProblem, locateRange } from './locate-range.js';

type Where = Omit<IssueInput, 'severity' | 'code' | 'message'>;

export interface ClipRequest {
  /** The dataset root: paths in messages are relative to it. */
  root: string;
  /** The clip's frame folder (absolute). */
  dir: string;
  where: Where;
  /** The sheet's frame numbers. */
  onset: number;
  apex: number | null;
  offset: number;
  /** The sheet's column names, for messages (`OnsetFrame`, `Onset Frame`). */
  labels?: { onset: string; apex: string; offset: string };
  /** Which files are frames and their numbers, when the folder holds more than frames. */
  filter?: (listing: FrameListing) => FrameListing;
  /** The folder should hold exactly onset..offset (cut clips): anything else is `frames.range-mismatch`. */
  cutToRange?: boolean;
  /**
   * Frames are located by number in a source that drops frames (docs/datasets-more.md §2.3): numbers
   * missing between onset and offset are reported (`frames.gap`, warning) instead of refusing the clip.
   */
  allowGaps?: boolean;
  /** Called when the apex is outside onset..offset (reported already), for the adapter's tallies. */
  onApexOutside?: () => void;
}

/** A clip's frames with the sheet's range located in them: the fields every frame-folder sample shares. */
export interface LocatedClip {
  frames: string[];
  onset: number;
  apex: number | null;
  offset: number;
  apex_source: ApexSource;
  source_frames: { onset: number; apex: number | null; offset: number };
  /** The clip folder relative to the root. */
  directory: string;
}

const DEFAULT_LABELS = { onset: 'onset', apex: 'apex', offset: 'offset' };

/**
 * Lists a clip folder's frames and finds the sheet's onset/apex/offset in them. A missing folder,
 * unusable file names or a range the frames do not hold are errors (null); an apex outside the
 * range or without a file is a warning, and the apex is left unknown, never moved.
 */
export async function locateClip(req: ClipRequest, issues: IssueLog): Promise<LocatedClip | null> {
  const { where } = req;
  const labels = req.labels ?? DEFAULT_LABELS;
  const directory = relativePosix(req.root, req.dir);
  // exact name, as listed: a case-insensitive file system would otherwise accept EP02_01F for EP02_01f
  if (!(await listDirs(path.dirname(req.dir))).includes(path.basename(req.dir))) {
    issues.error(
      'frames.folder-missing',
      `no folder ${directory}/ for this sheet row; expected the clip's frames there`,
      where,
    );
    return null;
  }
  const listing = await clipFrames(req.dir, directory, where, issues, req.filter);
  if (!listing) return null;
  const located = locateRange(listing.frames, req.onset, req.apex, req.offset, { allowGaps: req.allowGaps });
  if (!located.range) {
    issues.error(
      'frames.range',
      `${directory}/: ${describeRangeProblem(located.problem)} (${labels.onset} ${req.onset}, ${labels.offset} ${req.offset})`,
      where,
    );
    return null;
  }
  if (located.missing) {
    const shown = located.missing.slice(0, 10).join(', ');
    issues.warn(
      'frames.gap',
      `${directory}/: no file for frame number${located.missing.length === 1 ? '' : 's'} ${shown}${located.missing.length > 10 ? ', …' : ''} between ${labels.onset} ${req.onset} and ${labels.offset} ${req.offset}; the sample keeps the frames that exist (numbers in source_frames are the sheet's)`,
      where,
    );
  }
  if (located.apexProblem) {
    const outside = located.apexProblem.kind === 'apex-outside';
    if (outside) req.onApexOutside?.();
    issues.warn(
      'apex.outside',
      `${labels.apex} ${located.apexProblem.number} is ${outside ? `outside ${labels.onset}..${labels.offset} (${req.onset}..${req.offset})` : 'not a frame in the folder'}; the apex is left unknown (apex_source: missing), the sheet value is kept in source_frames.apex`,
      where,
    );
  }
  const first = listing.frames[0]?.number;
  const last = listing.frames[listing.frames.length - 1]?.number;
  if (req.cutToRange && (first !== req.onset || last !== req.offset))
    issues.warn(
      'frames.range-mismatch',
      `${directory}/ holds frames ${first}..${last}; the sheet says ${req.onset}..${req.offset}`,
      where,
    );
  return {
    frames: listing.frames.map((f) => f.path),
    onset: located.range.onset,
    apex: located.range.apex,
    offset: located.range.offset,
    apex_source: located.range.apex_source,
    source_frames: { onset: req.onset, apex: req.apex, offset: req.offset },
    directory,
  };
}

/** The sample fields a located clip fills: everything but where its folder is. */
export function sampleFrames(clip: LocatedClip): Omit<LocatedClip, 'directory'> {
  const { directory: _, ...fields } = clip;
  return fields;
}

/** An apex cell that holds no frame number: reported, and the apex stays unknown (never guessed). */
export function reportUnknownApex(column: string, value: Cell, where: Where, issues: IssueLog): void {
  issues.warn(
    'apex.unknown',
    `${column} ${showCell(value)} is not a frame number; the apex is left unknown (apex_source: missing)`,
    where,
  );
}
