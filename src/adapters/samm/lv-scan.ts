import pLimit from 'p-limit';
import { MeUnifyError } from '../../report/errors.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { findLongVideoFrames } from './layout.js';
import { readMicroSheet, reportMerge } from './lv-micro.js';
import { reportUnlistedVideos, scanDetails, scanSources } from './lv-report.js';
import { buildSample, type LongVideoScan, videoLister } from './lv-sample.js';
import { type LongVideoRow, parseLongVideoSheet } from './lv-sheet.js';
import { chooseSheet } from './lv-sheets.js';
import { type EmotionMerge, mergeEmotions } from './merge.js';

/** Reads the long-video sheet (and the micro sheet, for emotions) and cuts one sample per movement row. */
export async function scanLongVideos(root: string, ctx: ScanContext): Promise<ScanResult> {
  const { issues, options } = ctx;
  const frames = await findLongVideoFrames(root);
  if (!frames) {
    throw new MeUnifyError(
      `${root}: no SAMM long-video frames found; expected SAMM_longvideos/ holding one folder per video (006_1/)`,
      { file: root },
    );
  }
  const sheetFile = await chooseSheet(root, frames, options.sheet, issues);
  const relSheet = relativePosix(root, sheetFile);
  const workbook = await readWorkbook(sheetFile);
  const sheet = parseLongVideoSheet(workbook, relSheet, issues);
  if (!sheet) {
    throw new MeUnifyError(
      `${sheetFile}: no sheet with a SAMM long-video header; expected sheet FACS_Movement_Only with columns Subject, Filename, Onset, Apex, Offset, Type`,
      { file: sheetFile },
    );
  }
  issues.info(
    'samm-lv.sheet-version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}', recognised as ${sheet.version}`,
    { file: relSheet },
  );
  const micro = await readMicroSheet(root, frames, options.microSheet, issues);
  const merge = micro ? mergeEmotions(sheet.rows, micro.rows) : null;
  if (micro && merge) reportMerge(merge, micro.relFile, relSheet, issues);

  const scan: LongVideoScan = {
    root,
    frames,
    relSheet,
    sheetName: sheet.sheetName,
    listVideo: videoLister(frames.dir),
    microFile: micro?.relFile ?? null,
    issues,
  };
  const built = await buildSamples(scan, sheet.rows, merge);
  const samples = built.filter((s): s is SourceSample => s !== null);
  const unlisted = reportUnlistedVideos(root, frames, sheet.rows, issues);
  return {
    root,
    layout: null,
    samples,
    sources: scanSources(relSheet, workbook, sheet, micro),
    details: scanDetails(root, frames, sheet, micro, merge, unlisted),
    rejected: sheet.rejected + (built.length - samples.length),
  } satisfies ScanResult;
}

/** One sample per row, 16 at a time; a row naming a movement already listed gives null. */
function buildSamples(
  scan: LongVideoScan,
  rows: readonly LongVideoRow[],
  merge: EmotionMerge | null,
): Promise<(SourceSample | null)[]> {
  const seen = new Set<string>();
  const limit = pLimit(16);
  return Promise.all(
    rows.map((row) => {
      const id = `samm-lv/${row.video}/${row.filename}`;
      if (seen.has(id)) {
        scan.issues.error(
          'sheet.duplicate-clip',
          `${row.filename} is listed twice; expected one row per movement`,
          {
            sample: id,
            file: scan.relSheet,
            row: row.row,
          },
        );
        return null;
      }
      seen.add(id);
      const match = merge?.matches.get(row) ?? null;
      return limit(() => buildSample(scan, row, id, match));
    }),
  );
}
