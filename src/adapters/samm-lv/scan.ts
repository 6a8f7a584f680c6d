import { z } from 'zod';
import { MeUnifyError } from '../../issues/errors.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { ScanContext, ScanResult } from '../adapter.js';
import { SHEET_OPTION } from '../define.js';
import { longVideoFrames } from '../kit/clip-frames.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { findLongVideoFrames } from '../samm/layout.js';
import { chooseLongVideoSheet } from './find-sheets.js';
import { mergeEmotions } from './merge.js';
import { readMicroSheet, reportMerge } from './micro-sheet.js';
import { reportUnlistedVideos, scanDetails, scanSources } from './report.js';
import { buildSample, type LongVideoScan } from './sample.js';
import { type LongVideoRow, parseLongVideoSheet } from './sheet.js';

/** SAMM-LV's options: its sheet, and the SAMM micro sheet whose emotions it merges (found beside it when not given). */
export const LongVideoOptionsSchema = z
  .object({
    sheet: SHEET_OPTION,
    microSheet: z.string().min(1).optional().describe('the SAMM micro sheet to merge emotions from'),
  })
  .strict();

/** Reads the long-video sheet (and the micro sheet, for emotions) and cuts one sample per movement row. */
export async function scanLongVideos(
  root: string,
  ctx: ScanContext<z.output<typeof LongVideoOptionsSchema>>,
): Promise<ScanResult> {
  const { issues, options } = ctx;
  const frames = await findLongVideoFrames(root);
  if (!frames) {
    throw new MeUnifyError(
      `${root}: no SAMM long-video frames found; expected SAMM_longvideos/ holding one folder per video (006_1/)`,
      { file: root },
    );
  }
  const sheetFile = await chooseLongVideoSheet(root, frames, options.sheet, issues);
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
    'sheet.version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}', recognised as ${sheet.version}`,
    { file: relSheet },
  );
  const micro = await readMicroSheet(root, frames, options.microSheet, issues);
  const merge = micro ? mergeEmotions(sheet.rows, micro.rows) : null;
  const ids = sampleIds(sheet.rows);
  if (micro && merge) reportMerge(merge, micro.relFile, relSheet, (r) => ids.get(r) ?? r.filename, issues);

  const scan: LongVideoScan = {
    root,
    frames,
    relSheet,
    sheetName: sheet.sheetName,
    listVideo: longVideoFrames(issues),
    microFile: micro?.relFile ?? null,
    issues,
  };
  const built = await rowsToSamples(
    {
      rows: sheet.rows,
      idOf: (row) => ids.get(row) as string,
      describe: (row) => `${row.filename} (${row.type})`,
      expectation: 'one row per movement (a Filename may appear once as Micro and once as Macro)',
      where: (row) => ({ file: relSheet, row: row.row }),
      build: (row, id) => {
        if (id.endsWith(`-${row.kind}`))
          issues.info(
            'samm-lv.filename-twice',
            `${row.filename} is listed as both Micro and Macro (two movements); this ${row.kind} row is sample ${id}`,
            { sample: id, file: relSheet, row: row.row },
          );
        return buildSample(scan, row, id, merge?.matches.get(row) ?? null);
      },
    },
    issues,
  );
  const unlisted = reportUnlistedVideos(root, frames, sheet.rows, issues);
  return {
    root,
    layout: null,
    samples: built.built,
    sources: scanSources(relSheet, workbook, sheet, micro),
    details: scanDetails(root, frames, sheet, micro, merge, unlisted),
    rejected: sheet.rejected + built.failed,
  } satisfies ScanResult;
}

/**
 * The sample id of each row: `samm-lv/<video>/<Filename>`, or, where one Filename is listed as both
 * a Micro and a Macro row (two movements, docs/datasets.md §2.5.1), `…/<Filename>-micro` and `-macro`.
 */
export function sampleIds(rows: readonly LongVideoRow[]): Map<LongVideoRow, string> {
  const kinds = new Map<string, Set<string>>();
  for (const r of rows) kinds.set(r.filename, (kinds.get(r.filename) ?? new Set()).add(r.kind));
  return new Map(
    rows.map((r) => {
      const base = `samm-lv/${r.video}/${r.filename}`;
      return [r, (kinds.get(r.filename)?.size ?? 0) > 1 ? `${base}-${r.kind}` : base];
    }),
  );
}
