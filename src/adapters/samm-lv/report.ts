import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import type { SourceFingerprint } from '../../schema/dataset.js';
import { relativePosix } from '../../sources/fs.js';
import type { Workbook } from '../../sources/sheet.js';
import type { LongVideoFrames } from '../samm/layout.js';
import type { EmotionMerge } from './merge.js';
import type { MicroSheet } from './micro-sheet.js';
import type { LongVideoRow, LongVideoSheet } from './sheet.js';

/** Video folders on disk that no sheet row names: reported, not converted. Returns their names. */
export function reportUnlistedVideos(
  root: string,
  frames: LongVideoFrames,
  rows: readonly LongVideoRow[],
  issues: IssueLog,
): string[] {
  const videosInSheet = new Set(rows.map((r) => r.video));
  const unlisted = frames.videos.filter((v) => !videosInSheet.has(v));
  for (const v of unlisted) {
    const rel = relativePosix(root, path.join(frames.dir, v));
    issues.info('samm-lv.unlisted-video', `${rel}/ has no row in the long-video sheet; not converted`, {
      file: rel,
    });
  }
  return unlisted;
}

/** The fingerprints of the sheets read: the long-video sheet, then the micro sheet when merged. */
export function scanSources(
  relSheet: string,
  workbook: Workbook,
  sheet: LongVideoSheet,
  micro: MicroSheet | null,
): SourceFingerprint[] {
  const sources = [{ file: relSheet, sha256: workbook.sha256, version: sheet.version, rows: sheet.dataRows }];
  if (micro)
    sources.push({
      file: micro.relFile,
      sha256: micro.sha256,
      version: micro.version,
      rows: micro.dataRows,
    });
  return sources;
}

/** The scan's `details`: which sheets and folder were read, how the emotion merge went, what was left out. */
export function scanDetails(
  root: string,
  frames: LongVideoFrames,
  sheet: LongVideoSheet,
  micro: MicroSheet | null,
  merge: EmotionMerge | null,
  unlisted: string[],
): Record<string, unknown> {
  return {
    sheet_version: sheet.version,
    sheet_name: sheet.sheetName,
    frames_folder: relativePosix(root, frames.dir) || '.',
    micro_sheet: micro?.relFile ?? null,
    emotion_merge: merge
      ? {
          micro_rows_in_long_video_sheet: merge.microRows,
          matched: merge.matches.size,
          matched_with_frame_shift: merge.shifted,
          duration_mismatches: merge.durationMismatches.map((d) => d.row.filename),
          long_video_rows_unmatched: merge.unmatchedLongVideo.map((r) => r.filename),
          micro_sheet_rows_unmatched: merge.unmatchedMicro.length,
        }
      : null,
    unlisted_videos: unlisted,
  };
}
