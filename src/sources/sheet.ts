import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { parse as parseCsv } from 'csv-parse/sync';
import { MeUnifyError } from '../report/errors.js';
import type { Cell } from './cells.js';

export const SHEET_EXTENSIONS = /\.(xlsx|xlsm|xls|csv)$/i;
/** Annotation sheets are well under 1 MB; a limit keeps a mistaken path from eating memory. */
const MAX_SHEET_BYTES = 64 * 1024 * 1024;

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
 * evaluated: the cached result is what Excel showed (datasets.md §0.3).
 */
export async function readWorkbook(file: string): Promise<Workbook> {
  const size = (await stat(file)).size;
  if (size > MAX_SHEET_BYTES) {
    throw new MeUnifyError(`${file}: ${size} bytes is too large for an annotation sheet`, { file });
  }
  const buf = await readFile(file);
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
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(buf, {
      type: 'buffer',
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
  const sheets = wb.SheetNames.map((name) => ({ name, rows: sheetRows(wb.Sheets[name]) }));
  return { file, sha256, sheets };
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const CFB_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

function startsWith(buf: Buffer, magic: Buffer): boolean {
  return buf.length >= magic.length && buf.subarray(0, magic.length).equals(magic);
}

function sheetRows(ws: XLSX.WorkSheet | undefined): Cell[][] {
  if (!ws?.['!ref']) return [];
  const range = XLSX.utils.decode_range(ws['!ref']);
  range.s = { r: 0, c: 0 }; // anchor at A1 so that rows[i] is Excel row i + 1
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
 * (datasets.md §0.2).
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

/** The rows below a header, as records keyed by normalised header name; blank header cells are dropped. */
export function recordsBelow(rows: readonly Cell[][], headerIndex: number): SheetRecord[] {
  const header = (rows[headerIndex] ?? []).map(normaliseHeader);
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
