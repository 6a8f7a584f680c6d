import path from 'node:path';
import { IssueLog } from '../../issues/issues.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import { findMicroSheets, isMicroSheet } from '../samm/find-sheets.js';
import type { LongVideoFrames } from '../samm/layout.js';
import { parseSammSheet, type SammRow } from '../samm/sheet.js';
import type { EmotionMerge } from './merge.js';
import type { LongVideoRow } from './sheet.js';

export interface MicroSheet {
  relFile: string;
  sha256: string;
  version: string;
  dataRows: number;
  rows: SammRow[];
}

/**
 * The SAMM micro sheet, when it is beside the long videos (here, in the frames folder, or in a
 * sibling `SAMM/` folder), or given as the `microSheet` scan option. Its own problems do not stop
 * the conversion: they only limit the merge, and are summarised.
 */
export async function readMicroSheet(
  root: string,
  frames: LongVideoFrames,
  given: string | undefined,
  issues: IssueLog,
): Promise<MicroSheet | null> {
  let file: string | null = given !== undefined ? path.resolve(given) : null;
  if (!file) {
    const siblings = (await listDirs(root)).filter((d) => /^samm$/i.test(d)).map((d) => path.join(root, d));
    for (const f of await findMicroSheets([root, frames.dir, ...siblings])) {
      if (await isMicroSheet(f)) {
        file = f;
        break;
      }
    }
  }
  if (!file) {
    issues.info(
      'samm-lv.no-micro-sheet',
      'no SAMM micro sheet (SAMM_Micro_FACS_Codes_v2.xlsx) beside the long videos; the long-video sheet has no emotion column, so every emotion is null. Put the micro sheet in this folder to merge the micro-expressions’ emotions',
    );
    return null;
  }
  const relFile = relativePosix(root, file);
  const scratch = new IssueLog();
  const workbook = await readWorkbook(file);
  const sheet = parseSammSheet(workbook, relFile, scratch);
  if (!sheet) {
    issues.warn('samm-lv.micro-sheet', 'not a SAMM micro sheet (no MICRO_ONLY header); no emotion merged', {
      file: relFile,
    });
    return null;
  }
  if (sheet.rejected > 0) {
    issues.warn(
      'samm-lv.micro-sheet',
      `${sheet.rejected} rows of the micro sheet cannot be read; their emotions are not merged (convert the SAMM micro dataset for details)`,
      { file: relFile },
    );
  }
  return {
    relFile,
    sha256: workbook.sha256,
    version: sheet.version,
    dataRows: sheet.dataRows,
    rows: sheet.rows,
  };
}

/** Summarises the emotion merge, and names each micro row left without emotion or whose duration disagrees. */
export function reportMerge(
  merge: EmotionMerge,
  microFile: string,
  longFile: string,
  idOf: (row: LongVideoRow) => string,
  issues: IssueLog,
): void {
  const summary = `${merge.matches.size} of ${merge.microRows} micro-expressions of the long-video sheet matched a row of ${microFile} by Filename (${merge.shifted} of them numbered from a different frame, ${merge.durationMismatches.length} with a different duration); ${merge.unmatchedMicro.length} micro-sheet rows matched no long-video row`;
  if (merge.microRows > 0 && merge.matches.size === 0) {
    // the silent empty merge users hit (docs/datasets.md §2.5, §7.6)
    issues.warn(
      'samm-lv.emotion-merge-empty',
      `${summary}. No emotion was merged: expected the long-video sheet's Micro - 1/2 rows to carry the micro sheet's Filenames (006_1_2). Check that both sheets belong to SAMM`,
      { file: microFile },
    );
    return;
  }
  issues.info('samm-lv.emotion-merge', summary, { file: microFile });
  for (const r of merge.unmatchedLongVideo) {
    issues.warn(
      'samm-lv.emotion-unmatched',
      `${r.filename} (Micro - 1/2) has no row with this Filename in ${microFile}; its emotion is null`,
      { sample: idOf(r), file: longFile, row: r.row },
    );
  }
  for (const d of merge.durationMismatches) {
    issues.warn(
      'samm-lv.duration-mismatch',
      `${d.row.filename}: Offset − Onset is ${d.longVideo} here but ${d.microSheet} in ${microFile} (row ${d.micro.row}); expected the same movement to last as long in both sheets. The emotion is merged by Filename; check the frame numbers`,
      { sample: idOf(d.row), file: longFile, row: d.row.row },
    );
  }
}
