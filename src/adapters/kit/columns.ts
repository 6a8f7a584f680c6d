import type { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellText, showCell } from '../../sources/cells.js';
import {
  isBlankRecord,
  normaliseHeader,
  recordsBelow,
  type SheetTable,
  type Workbook,
} from '../../sources/sheet.js';

/** One column of an annotation sheet, as the releases write its header. */
export interface ColumnSpec {
  /** Header spellings, compared after normaliseHeader(); the first names the column in messages when absent. */
  headers: readonly string[];
  /** A row is the header only when it has every required column. */
  required?: boolean;
}
export type ColumnSpecs = Readonly<Record<string, ColumnSpec>>;

/** The cells of one sheet row, by the adapter's column names (null when the column is absent). */
export type RowCells<C extends ColumnSpecs> = { [K in keyof C]: Cell };

/** Header rows are searched this far down: title and notes blocks above them differ between releases (docs/datasets.md §0.2). */
const HEADER_SCAN_ROWS = 60;

export function headerNames(row: readonly Cell[] | undefined): Set<string> {
  return new Set((row ?? []).map(normaliseHeader));
}

/** True when `names` (a header row's) holds every required column. */
export function hasRequiredColumns(names: ReadonlySet<string>, columns: ColumnSpecs): boolean {
  return Object.values(columns).every((c) => !c.required || c.headers.some((h) => names.has(h)));
}

/** Which rows may be the header, beyond holding the required columns. */
export interface HeaderTest {
  /** Further conditions on a header row's names (a column the table must not have, a spelling). */
  accept?: (names: ReadonlySet<string>) => boolean;
}

/** The index of the first row holding every required column (and passing `accept`), or -1. */
export function findHeaderRow(
  rows: readonly Cell[][],
  columns: ColumnSpecs,
  test: HeaderTest = {},
  scan = HEADER_SCAN_ROWS,
): number {
  for (let i = 0; i < Math.min(rows.length, scan); i++) {
    const names = headerNames(rows[i]);
    if (hasRequiredColumns(names, columns) && (test.accept?.(names) ?? true)) return i;
  }
  return -1;
}

export interface FoundTable {
  table: SheetTable;
  /** 0-based index of the header row in `table.rows` (with `names`: of the last row above the data, -1 for none). */
  headerIndex: number;
  /** A header-less tab: the columns' names by position (A, B, …), in place of a header row. */
  names?: readonly Cell[];
}

export interface TableChoice extends HeaderTest {
  /** Tabs are tried lowest rank first (then as stored), so a release's usual tab wins over another that matches. */
  rank?: (tab: string) => number;
}

/** The tab holding the columns, and its header row. */
export function findTable(wb: Workbook, columns: ColumnSpecs, choice: TableChoice = {}): FoundTable | null {
  const rank = choice.rank ?? (() => 0);
  const ordered = wb.sheets
    .map((table, i) => ({ table, i }))
    .sort((a, b) => rank(a.table.name) - rank(b.table.name) || a.i - b.i);
  for (const { table } of ordered) {
    const headerIndex = findHeaderRow(table.rows, columns, choice);
    if (headerIndex >= 0) return { table, headerIndex };
  }
  return null;
}

/** The header text a sheet uses for a column (`Onset Frame`), for messages; its first spelling when absent. */
export function columnLabel(header: readonly Cell[], spec: ColumnSpec): string {
  for (const c of header) if (spec.headers.includes(normaliseHeader(c))) return String(c).trim();
  return spec.headers[0] ?? '';
}

export interface SheetRows<C extends ColumnSpecs, T> {
  rows: { row: number; cells: RowCells<C>; value: T }[];
  /** Rows read as samples (blank rows and notes excluded). */
  dataRows: number;
  /** Rows that failed the schema: each reported as `sheet.bad-row`. */
  rejected: number;
  /** Each column's header as the sheet writes it. */
  labels: { [K in keyof C]: string };
}

export interface ReadRowsOptions<C extends ColumnSpecs> {
  /** The sheet file relative to the dataset root, for issues. */
  file: string;
  issues: IssueLog;
  /** Completes a bad row's message: "expected <this>". */
  expected: string;
  /** A row that is not a sample (a note under the table): reported as `sheet.note-row` and skipped. */
  isNote?: (cells: RowCells<C>) => boolean;
  /** How a column's header is shown in messages (default as written: `OnsetFrame`). */
  showLabel?: (asWritten: string) => string;
  /** Quote the bad cell in messages (default true); false where cells may hold personal names (MMME). */
  quoteValues?: boolean;
  /** The sample a row is about, for the issue's `sample` field, when known from its cells. */
  sampleOf?: (cells: RowCells<C>) => string | null;
}

/**
 * Reads every row below the header through the adapter's column spec and row schema. A row the
 * schema refuses is reported with file, tab and row, naming each bad cell as written, and counted.
 */
export function readRows<C extends ColumnSpecs, S extends z.ZodType>(
  found: FoundTable,
  columns: C,
  schema: S,
  opts: ReadRowsOptions<C>,
): SheetRows<C, z.output<S>> {
  const { table, headerIndex } = found;
  const header = found.names ?? table.rows[headerIndex] ?? [];
  const keys = Object.keys(columns) as (keyof C & string)[];
  const labels = Object.fromEntries(keys.map((k) => [k, columnLabel(header, columns[k] as ColumnSpec)])) as {
    [K in keyof C]: string;
  };
  const rows: SheetRows<C, z.output<S>>['rows'] = [];
  let dataRows = 0;
  let rejected = 0;
  // a CSV has one unnamed table: naming SheetJS's 'Sheet1' would send the user looking for a tab
  const tab = /\.csv$/i.test(opts.file) ? '' : `tab '${table.name}': `;
  for (const record of recordsBelow(table.rows, headerIndex, header)) {
    if (isBlankRecord(record)) continue;
    const cells = Object.fromEntries(
      keys.map((k) => {
        const spec = columns[k] as ColumnSpec;
        const name = spec.headers.find((h) => record.cells.has(h));
        return [k, name === undefined ? null : (record.cells.get(name) ?? null)];
      }),
    ) as RowCells<C>;
    const where = { file: opts.file, row: record.row };
    if (opts.isNote?.(cells)) {
      opts.issues.info('sheet.note-row', `${tab}row is not a sample; ignored`, where);
      continue;
    }
    dataRows++;
    const parsed = schema.safeParse(cells);
    if (parsed.success) {
      rows.push({ row: record.row, cells, value: parsed.data });
      continue;
    }
    const problems = parsed.error.issues.map((i) => {
      const key = i.path[0];
      if (typeof key !== 'string' || !(key in columns)) return i.message;
      const value = cells[key as keyof C];
      const label = (opts.showLabel ?? String)(labels[key as keyof C]);
      return (cellText(value) === null && i.message === 'is empty') || opts.quoteValues === false
        ? `${label} ${i.message}`
        : `${label} ${showCell(value)} ${i.message}`;
    });
    opts.issues.error(
      'sheet.bad-row',
      `${tab}${[...new Set(problems)].join('; ')}; expected ${opts.expected}`,
      where,
    );
    rejected++;
  }
  return { rows, dataRows, rejected, labels };
}
