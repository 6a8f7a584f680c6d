import { createHash } from 'node:crypto';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { MeUnifyError } from '../issues/errors.js';
import type { Cell } from './cells.js';
import { readRegularFile } from './regular-file.js';
import { checkZipSize } from './zip-limit.js';

const SHEET_EXTENSIONS = /\.(xlsx|xlsm|xls|csv)$/i;
/** Annotation sheets are well under 1 MB; a limit keeps a mistaken path from eating memory. */
const MAX_SHEET_BYTES = 64 * 1024 * 1024;
/**
 * A sheet is read by the cells it holds, never by the range it claims (`<dimension ref="A1:XFD1048576"/>`
 * would mean 17 billion cells). Annotation tabs hold hundreds to a few thousand rows and tens of
 * columns; past these limits the file is refused, naming the tab and the far cell.
 */
export const MAX_SHEET_ROWS = 200_000;
export const MAX_SHEET_COLUMNS = 1_000;

export interface SheetTable {
  name: string;
  /** rows[i] is Excel row i + 1; columns start at A. Blank rows are kept so row numbers stay true. */
  rows: Cell[][];
}

export interface Workbook {
  file: string;
  sha256: string;
  sheets: SheetTable[];
}

/**
 * Reads every sheet of an .xlsx/.xls/.csv as arrays of cached cell values. Formulas are not
 * evaluated: the cached result is what Excel showed (docs/datasets.md §0.3).
 */
export async function readWorkbook(file: string): Promise<Workbook> {
  // SheetJS reads any text as a table: a file that is not a sheet (/etc/passwd) would have its
  // first line echoed in a 'no header' message, so only sheet file names are read at all.
  if (!SHEET_EXTENSIONS.test(file))
    throw new MeUnifyError(
      `${file}: not a spreadsheet file name; expected an .xlsx, .xlsm, .xls or .csv file`,
      { file },
    );
  const buf = await readRegularFile(file, 'annotation sheet', MAX_SHEET_BYTES);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  if (/\.csv$/i.test(file))
    return { file, sha256, sheets: [{ name: path.basename(file), rows: readCsv(buf, file) }] };
  // SheetJS reads any bytes as *some* sheet (text becomes a CSV-like table), so a renamed or
  // half-downloaded file must be caught here: .xlsx is a zip, or a CFB container when encrypted.
  if (/\.xls[xm]$/i.test(file) && !startsWith(buf, ZIP_MAGIC) && !startsWith(buf, CFB_MAGIC)) {
    throw new MeUnifyError(
      `${file}: not an .xlsx file (${buf.length === 0 ? 'it is empty' : `it starts with bytes ${buf.subarray(0, 4).toString('hex')}, not a zip archive`}); expected a workbook saved by Excel, or re-download it`,
      { file },
    );
  }
  if (startsWith(buf, ZIP_MAGIC)) checkZipSize(buf, file);
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(buf, {
      type: 'buffer',
      dense: true,
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      cellDates: false,
    });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const hint = /password|encrypt/i.test(why) ? 'it is password-protected; save an unprotected copy' : why;
    throw new MeUnifyError(
      `${file}: cannot read this spreadsheet (${hint}); expected an .xlsx or .xls file`,
      {
        file,
        cause: err,
      },
    );
  }
  const sheets = wb.SheetNames.map((name) => ({ name, rows: sheetRows(wb.Sheets[name], file, name) }));
  return { file, sha256, sheets };
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function startsWith(buf: Buffer, magic: Buffer): boolean {
  return buf.length >= magic.length && buf.subarray(0, magic.length).equals(magic);
}

/** The range the cells present span, anchored at A1 so that rows[i] is Excel row i + 1; null when empty. */
function cellRange(ws: XLSX.WorkSheet, file: string, tab: string): XLSX.Range | null {
  const data = ws['!data'] ?? [];
  let rows = 0;
  let columns = 0;
  data.forEach((row, r) => {
    if (!row) return;
    let last = -1;
    row.forEach((cell, c) => {
      if (cell !== undefined && cell !== null) last = c;
    });
    if (last < 0) return;
    rows = r + 1;
    columns = Math.max(columns, last + 1);
  });
  if (rows > MAX_SHEET_ROWS || columns > MAX_SHEET_COLUMNS)
    throw new MeUnifyError(
      `${file}, tab '${tab}': holds cells up to row ${rows} and column ${XLSX.utils.encode_col(columns - 1)}; expected an annotation table of at most ${MAX_SHEET_ROWS} rows and ${MAX_SHEET_COLUMNS} columns (delete the stray cells far below or right of the table)`,
      { file },
    );
  return rows === 0 ? null : { s: { r: 0, c: 0 }, e: { r: rows - 1, c: columns - 1 } };
}

function sheetRows(ws: XLSX.WorkSheet | undefined, file: string, tab: string): Cell[][] {
  if (!ws) return [];
  const range = cellRange(ws, file, tab);
  if (!range) return [];
  const rows = XLSX.utils.sheet_to_json<Cell[]>(ws, {
    header: 1,
    raw: true,
    defval: null,
    blankrows: true,
    range,
  });
  return rows.map((row) => row.map((c) => (c === undefined ? null : (c as Cell))));
}

function readCsv(buf: Buffer, file: string): Cell[][] {
  try {
    const rows = parseCsv(buf, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
    }) as string[][];
    return rows.map((row) => row.map((c) => (c === '' ? null : c)));
  } catch (err) {
    throw new MeUnifyError(`${file}: not a readable CSV file (${err instanceof Error ? err.message : err})`, {
      file,
      cause: err,
    });
  }
}

/** Header text compared loosely: case, surrounding and repeated spaces do not matter. */
export function normaliseHeader(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell).trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The index of the first row (within the first `scan` rows) holding every required header.
 * Title blocks above the header differ between releases, so the header is found by content
 * (docs/datasets.md §0.2).
 */
export function findHeaderRow(rows: readonly Cell[][], required: readonly string[], scan = 60): number {
  const want = required.map((h) => h.toLowerCase());
  for (let i = 0; i < Math.min(rows.length, scan); i++) {
    const names = new Set((rows[i] ?? []).map(normaliseHeader));
    if (want.every((h) => names.has(h))) return i;
  }
  return -1;
}

export interface SheetRecord {
  /** 1-based Excel row number. */
  row: number;
  /** Cells by normalised header name; a Map, so no sheet text can reach an object prototype. */
  cells: Map<string, Cell>;
}

/**
 * The rows below a header, as records keyed by normalised header name; blank header cells are dropped.
 * `names` stands in for the header row of a header-less tab (docs/datasets-more.md §0); data then
 * start at `headerIndex + 1` (-1: from the first row).
 */
export function recordsBelow(
  rows: readonly Cell[][],
  headerIndex: number,
  names: readonly Cell[] = rows[headerIndex] ?? [],
): SheetRecord[] {
  const header = names.map(normaliseHeader);
  const out: SheetRecord[] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const row = rows[i] ?? [];
    const cells = new Map<string, Cell>();
    header.forEach((name, c) => {
      if (name && !cells.has(name)) cells.set(name, row[c] ?? null);
    });
    out.push({ row: i + 1, cells });
  }
  return out;
}

export function isBlankRecord(record: SheetRecord): boolean {
  for (const v of record.cells.values()) if (v !== null && String(v).trim() !== '') return false;
  return true;
}
