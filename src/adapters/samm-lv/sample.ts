import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import type { FrameListing } from '../../sources/frames.js';
import { relativePosix } from '../../sources/fs.js';
import type { SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import type { longVideoFrames } from '../kit/clip-frames.js';
import { describeRangeProblem, type FrameRange, locateRange } from '../kit/locate-range.js';
import type { LongVideoFrames } from '../samm/layout.js';
import { SAMM_FPS } from '../samm/scan.js';
import type { EmotionMatch } from './merge.js';
import type { LongVideoRow } from './sheet.js';

/** What every sample of one scan shares: where the frames and sheets are, and the issue log. */
export interface LongVideoScan {
  root: string;
  frames: LongVideoFrames;
  relSheet: string;
  sheetName: string;
  listVideo: ReturnType<typeof longVideoFrames>;
  microFile: string | null;
  issues: IssueLog;
}

type Where = { sample: string; file: string; row: number };

/** One sample from one row of the long-video sheet, or null (with an error logged) when it cannot be cut. */
export async function buildSample(
  scan: LongVideoScan,
  row: LongVideoRow,
  id: string,
  match: EmotionMatch | null,
): Promise<SourceSample | null> {
  const { root, frames, issues } = scan;
  const where = { sample: id, file: scan.relSheet, row: row.row };
  const relDir = relativePosix(root, path.join(frames.dir, row.video));
  if (!frames.videos.includes(row.video)) {
    issues.error(
      'frames.folder-missing',
      `no folder ${relDir}/ for this sheet row; expected the long video's frames there`,
      where,
    );
    return null;
  }
  const video = await scan.listVideo(path.join(frames.dir, row.video), relDir, where);
  if (!video) return null;
  const { listing, paths } = video;
  const numbers = sheetRange(row, where, issues);
  if (!numbers) return null;
  const range = locateInVideo(row, listing, relDir, numbers, where, issues);
  if (!range) return null;
  const actionUnits = actionUnitsOf(row.aus, issues, where);
  return sampleOf(scan, row, id, relDir, paths, range, actionUnits, match);
}

interface SheetRange {
  onsetNo: number;
  apexNo: number | null;
  offsetNo: number;
}

/** The row's frame numbers, an unknown onset or offset replaced by the apex; null when not even the apex is known. */
function sheetRange(row: LongVideoRow, where: Where, issues: IssueLog): SheetRange | null {
  const round = (n: number | null) => (n === null ? null : Math.round(n));
  const apexNo = round(row.apex);
  // onset or offset 0 means unknown (docs/datasets.md §2.5): the range starts/ends at the apex (FORMAT.md)
  const onsetNo = round(row.onset) ?? apexNo;
  const offsetNo = round(row.offset) ?? apexNo;
  if (onsetNo === null || offsetNo === null) {
    issues.error(
      'samm-lv.range-unknown',
      `${row.filename}: Onset ${row.onset ?? 'unknown'}, Apex ${row.apex ?? 'unknown'}, Offset ${row.offset ?? 'unknown'}; expected at least the apex when onset or offset is 0`,
      where,
    );
    return null;
  }
  if (row.apexNotAnnotated) {
    // a valid movement whose apex was not annotated, never a bad row (docs/datasets.md §2.5.1)
    issues.warn(
      'apex.not-annotated',
      `${row.filename}: Apex is -1, which the sheet's title block defines as "not annotated"; the apex is left unknown (apex_source: missing, source_frames.apex null)`,
      where,
    );
  } else if (apexNo === null) {
    issues.warn(
      'apex.unknown',
      `${row.filename}: Apex is 0 or empty; the apex is left unknown (apex_source: missing)`,
      where,
    );
  }
  for (const [name, value] of [
    ['Onset', row.onset],
    ['Offset', row.offset],
  ] as const) {
    if (value === null) {
      issues.warn(
        name === 'Onset' ? 'samm-lv.onset-unknown' : 'samm-lv.offset-unknown',
        `${row.filename}: ${name} is 0 (unknown); the sample's range ${name === 'Onset' ? 'starts' : 'ends'} at the apex (frame ${apexNo}) and source_frames.${name.toLowerCase()} is null`,
        where,
      );
    }
  }
  return { onsetNo, apexNo, offsetNo };
}

/** The row's frames in the video's listing, an offset past the last frame clipped to it. */
function locateInVideo(
  row: LongVideoRow,
  listing: FrameListing,
  relDir: string,
  { onsetNo, apexNo, offsetNo: sheetOffsetNo }: SheetRange,
  where: Where,
  issues: IssueLog,
): FrameRange | null {
  let offsetNo = sheetOffsetNo;
  const lastFrame = listing.frames[listing.frames.length - 1]?.number ?? 0;
  if (onsetNo > lastFrame) {
    issues.error(
      'frames.range',
      `${relDir}/: ${row.filename} starts at frame ${onsetNo} but the video's frames end at ${lastFrame}`,
      where,
    );
    return null;
  }
  if (offsetNo > lastFrame) {
    // 020_6_5 (5476 vs 5001) and 036_7_4 (8298 vs 8201) in the release (docs/datasets.md §2.5)
    issues.warn(
      'samm-lv.offset-past-end',
      `${row.filename}: Offset ${offsetNo} is past the last frame of ${relDir}/ (${lastFrame}); the sample is clipped to the frames that exist, source_frames.offset keeps ${row.offset ?? offsetNo}`,
      where,
    );
    offsetNo = lastFrame;
  }
  const located = locateRange(listing.frames, onsetNo, apexNo, offsetNo);
  if (!located.range) {
    const problem = located.problem ? describeRangeProblem(located.problem) : 'frames not found';
    issues.error(
      'frames.range',
      `${relDir}/: ${problem} (${row.filename}, Onset ${row.onset ?? 0}, Offset ${row.offset ?? 0})`,
      where,
    );
    return null;
  }
  if (located.apexProblem) {
    const outside = located.apexProblem.kind === 'apex-outside';
    issues.warn(
      'apex.outside',
      `${row.filename}: Apex ${located.apexProblem.number} is ${outside ? `outside the sample's frames ${onsetNo}..${offsetNo}` : 'not a frame in the folder'}; the apex is left unknown (apex_source: missing), the sheet value is kept in source_frames.apex`,
      where,
    );
  }
  return located.range;
}

function sampleOf(
  scan: LongVideoScan,
  row: LongVideoRow,
  id: string,
  relDir: string,
  paths: string[],
  range: FrameRange,
  actionUnits: ReturnType<typeof actionUnitsOf>,
  match: EmotionMatch | null,
): SourceSample {
  const { microFile } = scan;
  return {
    id,
    dataset: 'samm-lv',
    subset: null,
    // population samm: the same 30 people as SAMM (docs/datasets.md §2.5)
    subject: `samm/${row.subject}`,
    // a micro row is the SAMM micro clip of the same Filename (docs/datasets.md §2.5.1); a macro row is its own
    event: row.kind === 'micro' ? `samm/${row.filename}` : null,
    clip: row.filename,
    kind: row.kind,
    fps: SAMM_FPS,
    // the whole long video (frames from 1, docs/datasets.md §2.5); one array shared by its samples
    frames: paths,
    onset: range.onset,
    apex: range.apex,
    offset: range.offset,
    source_frames: { onset: row.onset, apex: row.apex, offset: row.offset },
    apex_source: range.apex_source,
    emotion: match?.micro.emotion ?? null,
    ...actionUnits,
    source: { directory: relDir, sheet: scan.relSheet, sheet_name: scan.sheetName, row: row.row },
    extra: {
      video: row.video,
      type: row.type,
      inducement_code: row.inducement,
      notes: row.notes,
      emotion_from:
        match && microFile
          ? {
              sheet: microFile,
              row: match.micro.row,
              filename: match.micro.filename,
              frame_shift: match.frameShift,
              duration_agrees: match.durationAgrees,
            }
          : null,
      objective_class: match?.micro.objective ?? null,
    },
  };
}
