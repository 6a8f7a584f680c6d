import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import type { Cell } from '../../sources/cells.js';
import type { Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { type ColumnSpecs, findHeaderRow, findTable, readRows } from '../kit/columns.js';

/**
 * The Part A sheets' shared columns (docs/datasets-more.md §2.4): `Subject` `spNO.{n}` (folders may say
 * `spNo.`), `Filename` the task letter (`J` once), frame numbers stored as text (`'355'`, §0.2) — the
 * kit's `cell.int` reads numbers and numeric text alike, so a numeric copy (§9) reads too.
 */
const PART_A_COMMON = {
  subject: { headers: ['subject'], required: true },
  filename: { headers: ['filename'], required: true },
  onset: { headers: ['onset'], required: true },
  apex: { headers: ['apex'] },
  offset: { headers: ['offset'], required: true },
  aus: { headers: ['au', 'action units'] },
  objective: { headers: ['objective class'] },
} as const satisfies ColumnSpecs;

/** `cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx`, tab `label` (§2.4 a). */
export const LABEL_COLUMNS = {
  ...PART_A_COMMON,
  emotion: { headers: ['emotion'], required: true },
} as const satisfies ColumnSpecs;

/** `CAS(ME)3_part_A_v2.xls`, the spotting sheet with micro and macro rows (§2.4 b; its exact headers are unverified, §9). */
export const SPOTTING_COLUMNS = {
  ...PART_A_COMMON,
  type: { headers: ['expression type'], required: true },
} as const satisfies ColumnSpecs;

/** `CAS(ME)3_part_C_ME.xlsx` (§2.4 c): no apex column; `count` is the ME's ordinal within the subject. */
export const PART_C_COLUMNS = {
  subject: { headers: ['sub'], required: true },
  count: { headers: ['count'], required: true },
  onset: { headers: ['onset'], required: true },
  offset: { headers: ['offset'], required: true },
  aus: { headers: ['au'] },
  emotion: { headers: ['emotion'] },
  phy: { headers: ['phy'] },
} as const satisfies ColumnSpecs;

/** `spNO.1` / `spNo.1` / `spno.1` → `spNO.1`, the sheet's own spelling (§2.4 a). */
export function canonicalSubject(text: string): string {
  return `spNO.${Number(text.replace(/^spno\.\s*/i, ''))}`;
}
export const SUBJECT_TEXT = /^spno\.\s*\d{1,4}$/i;

const subject = () =>
  cell.matching(SUBJECT_TEXT, 'is not a subject (spNO.<n>)').transform((s) => ({
    written: s,
    canonical: canonicalSubject(s),
  }));
// the task video letter, a…m (13 videos, §2.1); one row writes `J` (§2.7), matched case-insensitively
const task = () =>
  cell
    .matching(/^[a-z]$/i, 'is not a task letter (a…m)')
    .transform((t) => ({ written: t, lower: t.toLowerCase() }));

/** The Part A row schema. Offset 0 ("not annotated", docs/datasets-more.md §0, rule 3) is read as 0 and handled by the scan. */
const partARow = {
  subject: subject(),
  filename: task(),
  onset: cell.int(),
  apex: cell.optionalInt(),
  offset: cell.int(),
  aus: cell.raw(),
  objective: cell.optionalText(),
};

const LABEL_ROW = z.object({ ...partARow, emotion: cell.text() });

// `.strip()` in one loader hints at stray spaces (§2.4 b): the kit's text cells are trimmed
const EXPRESSION_TYPES: Record<string, 'micro' | 'macro'> = {
  'micro-expression': 'micro',
  'macro-expression': 'macro',
};
const SPOTTING_ROW = z.object({
  ...partARow,
  type: cell
    .matching(/^(micro|macro)-expression$/i, 'is not Micro-expression or Macro-expression')
    .transform((t) => EXPRESSION_TYPES[t.toLowerCase()] as 'micro' | 'macro'),
});

const PART_C_ROW = z.object({
  subject: cell.int(),
  count: cell.int(),
  onset: cell.int(),
  offset: cell.int(),
  aus: cell.raw(),
  emotion: cell.optionalText(),
  phy: cell.optionalText(),
});

interface Located {
  row: number;
  cells: Record<string, Cell>;
}
export type LabelRow = z.output<typeof LABEL_ROW> & Located;
export type SpottingRow = z.output<typeof SPOTTING_ROW> & Located;
export type PartCRow = z.output<typeof PART_C_ROW> & Located;

export interface ReadSheet<R> {
  sheetName: string;
  rows: R[];
  dataRows: number;
  rejected: number;
}

const hasNoColumn = (column: string) => (names: ReadonlySet<string>) => !names.has(column);

/** True when a table has the JpgIndex label header (and not the spotting sheet's `Expression type`). */
export function hasLabelHeader(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, LABEL_COLUMNS, { accept: hasNoColumn('expression type') }) >= 0;
}
export function hasSpottingHeader(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, SPOTTING_COLUMNS) >= 0;
}
export function hasPartCHeader(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, PART_C_COLUMNS) >= 0;
}

function read<C extends ColumnSpecs, S extends z.ZodType>(
  wb: Workbook,
  columns: C,
  schema: S,
  relFile: string,
  issues: IssueLog,
  expected: string,
  accept?: (names: ReadonlySet<string>) => boolean,
): ReadSheet<z.output<S> & Located> | null {
  type Row = z.output<S> & Located;
  // the `label` tab holds the data; `Sheet1` and `Sheet3` are empty (§2.4 a)
  const found = findTable(wb, columns, { accept, rank: (tab) => (tab.toLowerCase() === 'label' ? 0 : 1) });
  if (!found) return null;
  const sheet = readRows(found, columns, schema, { file: relFile, issues, expected });
  return {
    sheetName: found.table.name,
    rows: sheet.rows.map(({ row, cells, value }) => ({ ...(value as object), row, cells }) as Row),
    dataRows: sheet.dataRows,
    rejected: sheet.rejected,
  };
}

export function readLabelSheet(wb: Workbook, relFile: string, issues: IssueLog): ReadSheet<LabelRow> | null {
  return read(
    wb,
    LABEL_COLUMNS,
    LABEL_ROW,
    relFile,
    issues,
    'a subject spNO.<n>, a task letter, frame numbers and an emotion',
    hasNoColumn('expression type'),
  );
}

export function readSpottingSheet(
  wb: Workbook,
  relFile: string,
  issues: IssueLog,
): ReadSheet<SpottingRow> | null {
  return read(
    wb,
    SPOTTING_COLUMNS,
    SPOTTING_ROW,
    relFile,
    issues,
    'a subject spNO.<n>, a task letter, frame numbers and an Expression type',
  );
}

export function readPartCSheet(wb: Workbook, relFile: string, issues: IssueLog): ReadSheet<PartCRow> | null {
  return read(
    wb,
    PART_C_COLUMNS,
    PART_C_ROW,
    relFile,
    issues,
    'a subject number, an ME count and frame numbers',
  );
}
