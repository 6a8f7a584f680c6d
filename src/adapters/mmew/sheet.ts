import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import type { Cell } from '../../sources/cells.js';
import type { Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { type ColumnSpecs, findHeaderRow, findTable, readRows } from '../kit/columns.js';

/**
 * `MMEW_Micro_Exp.xlsx` as docs/datasets-more.md §3 gives its header: Subject, Filename,
 * OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion, remarks. Cell types in the
 * original are unverified: numbers and numeric text are both read.
 */
export const MMEW_COLUMNS = {
  subject: { headers: ['subject'], required: true },
  filename: { headers: ['filename'], required: true },
  onset: { headers: ['onsetframe', 'onset frame'], required: true },
  apex: { headers: ['apexframe', 'apex frame'] },
  offset: { headers: ['offsetframe', 'offset frame'], required: true },
  aus: { headers: ['action units', 'action unit'] },
  emotion: { headers: ['estimated emotion', 'emotion'], required: true },
  remarks: { headers: ['remarks', 'remark'] },
} as const satisfies ColumnSpecs;

const ROW = z.object({
  // `Subject` int (docs/datasets-more.md §3); `S03` is accepted too
  subject: cell
    .matching(/^S?\d{1,3}$/i, 'is not a subject number')
    .transform((s) => s.replace(/^S/i, '').padStart(2, '0')),
  filename: cell.text(),
  onset: cell.int(),
  apex: cell.optionalInt(),
  offset: cell.int(),
  aus: cell.raw(),
  emotion: cell.text(),
  remarks: cell.optionalText(),
});
export type MmewRow = z.output<typeof ROW> & { row: number; apexCell: Cell };

export interface MmewSheet {
  sheetName: string;
  rows: MmewRow[];
  dataRows: number;
  rejected: number;
  labels: { onset: string; apex: string; offset: string };
}

export function hasMmewHeader(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, MMEW_COLUMNS) >= 0;
}

/** Reads the micro sheet; rows that cannot become samples are reported (`sheet.bad-row`) and counted. */
export function parseMmewSheet(wb: Workbook, relFile: string, issues: IssueLog): MmewSheet | null {
  const found = findTable(wb, MMEW_COLUMNS);
  if (!found) return null;
  const read = readRows(found, MMEW_COLUMNS, ROW, {
    file: relFile,
    issues,
    expected: 'a subject number, a clip name (S01-01-001), frame numbers and an emotion',
  });
  return {
    sheetName: found.table.name,
    rows: read.rows.map(({ row, cells, value }) => ({ ...value, row, apexCell: cells.apex })),
    dataRows: read.dataRows,
    rejected: read.rejected,
    labels: { onset: read.labels.onset, apex: read.labels.apex, offset: read.labels.offset },
  };
}
