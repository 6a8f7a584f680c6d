import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import type { Cell } from '../../sources/cells.js';
import type { Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { type ColumnSpecs, findHeaderRow, findTable, readRows } from '../kit/columns.js';

/** 4DME header strings may end with an apostrophe (`self-report emo'`, `sub_ID'`, docs/datasets-more.md §4): both spellings are read. */
function spellings(...names: string[]): string[] {
  return names.flatMap((n) => [n, `${n}'`]);
}

/** `4DME_Labelling_Micro_release v1.xlsx` (docs/datasets-more.md §4): the columns meb reads. */
export const FOURDME_COLUMNS = {
  subject: { headers: spellings('sub_id'), required: true },
  clip: { headers: spellings('fold_name'), required: true },
  onset: { headers: spellings('onset'), required: true },
  apex: { headers: spellings('apex') },
  offset: { headers: spellings('offset'), required: true },
  aus: { headers: spellings('aus', 'action units') },
  emotion: { headers: spellings('emotion') },
  fold: { headers: spellings('fold') },
  eyeBlink: { headers: spellings('eye blink') },
} as const satisfies ColumnSpecs;

/**
 * The older internal sheet (`…_eyeblink_final_remove_unsuefull_codes.xlsx`, docs/datasets-more.md
 * §4): apostrophe headers everywhere, numbered videos and MEs but no `fold_name`. Recognised only
 * to say why it cannot be read.
 */
export const OLD_SHEET_COLUMNS = {
  subject: { headers: ["sub_id'"], required: true },
  video: { headers: ["video_number'"], required: true },
  me: { headers: ["me_number'"], required: true },
  first: { headers: ["first_frame'"], required: true },
} as const satisfies ColumnSpecs;

/** The extras sheet: self-reported and video emotion per clip (docs/datasets-more.md §4). */
export const EXTRAS_COLUMNS = {
  subject: { headers: spellings('sub_id'), required: true },
  clip: { headers: spellings('fold_name'), required: true },
  selfReport: { headers: spellings('self-report emo'), required: true },
  videoEmotion: { headers: spellings('video emo') },
} as const satisfies ColumnSpecs;

/** Text cells may carry the sheet's trailing apostrophe (`12'`): a frame number is read without it. */
const unquoted = (c: Cell): Cell => (typeof c === 'string' ? c.replace(/'+\s*$/, '') : c);
const frame = () => cell.raw().transform(unquoted).pipe(cell.int());

const ROW = z.object({
  subject: cell.raw().transform(unquoted).pipe(cell.text()),
  clip: cell.raw().transform(unquoted).pipe(cell.text()),
  onset: frame(),
  apex: cell.raw().transform(unquoted).pipe(cell.optionalInt()),
  offset: frame(),
  aus: cell.raw(),
  emotion: cell.optionalText(),
  fold: cell.raw(),
  eyeBlink: cell.raw(),
});
export type FourDmeRow = z.output<typeof ROW> & { row: number; apexCell: Cell };

export interface FourDmeSheet {
  sheetName: string;
  rows: FourDmeRow[];
  dataRows: number;
  rejected: number;
  labels: { onset: string; apex: string; offset: string };
}

export const hasReleaseHeader = (rows: readonly Cell[][]) => findHeaderRow(rows, FOURDME_COLUMNS) >= 0;
export const hasOldHeader = (rows: readonly Cell[][]) => findHeaderRow(rows, OLD_SHEET_COLUMNS) >= 0;

/** Reads the label sheet; rows that cannot become samples are reported (`sheet.bad-row`) and counted. */
export function parseFourDmeSheet(wb: Workbook, relFile: string, issues: IssueLog): FourDmeSheet | null {
  const found = findTable(wb, FOURDME_COLUMNS);
  if (!found) return null;
  const read = readRows(found, FOURDME_COLUMNS, ROW, {
    file: relFile,
    issues,
    expected: 'sub_ID, fold_name and Onset/Offset frame numbers',
    // a trailing row without clip or frames (totals, notes) is not a sample (docs/datasets-more.md §4)
    isNote: (c) => [c.clip, c.onset, c.offset].every((v) => v === null || String(v).trim() === ''),
  });
  return {
    sheetName: found.table.name,
    rows: read.rows.map(({ row, cells, value }) => ({ ...value, row, apexCell: cells.apex })),
    dataRows: read.dataRows,
    rejected: read.rejected,
    labels: { onset: read.labels.onset, apex: read.labels.apex, offset: read.labels.offset },
  };
}

const EXTRAS_ROW = z.object({
  subject: cell.raw().transform(unquoted).pipe(cell.text()),
  clip: cell.raw().transform(unquoted).pipe(cell.text()),
  selfReport: cell.optionalText(),
  videoEmotion: cell.optionalText(),
});

export interface Extras {
  sheetName: string;
  /** `sub_ID\0fold_name` → the emotions as written (`1,3'` kept). */
  byClip: Map<string, { self_report_emotion: string | null; video_emotion: string | null }>;
  dataRows: number;
}

export const clipKey = (subject: string, clip: string) => `${subject}\u0000${clip}`;

export function parseExtras(wb: Workbook, relFile: string, issues: IssueLog): Extras | null {
  const found = findTable(wb, EXTRAS_COLUMNS);
  if (!found) return null;
  const read = readRows(found, EXTRAS_COLUMNS, EXTRAS_ROW, {
    file: relFile,
    issues,
    expected: 'sub_ID and fold_name',
  });
  const byClip = new Map(
    read.rows.map(({ value }) => [
      clipKey(value.subject, value.clip),
      { self_report_emotion: value.selfReport, video_emotion: value.videoEmotion },
    ]),
  );
  return { sheetName: found.table.name, byClip, dataRows: read.dataRows };
}
