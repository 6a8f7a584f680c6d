import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellText } from '../../sources/cells.js';
import { type KnownRelease, releaseLabel } from '../../sources/release.js';
import type { Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { reportUnknownApex } from '../kit/clip.js';
import { type ColumnSpecs, findHeaderRow, findTable, readRows } from '../kit/columns.js';

/** The coding sheet's columns as written (docs/datasets.md §1.3), compared after normaliseHeader(). */
export const CASME2_COLUMNS = {
  subject: { headers: ['subject'], required: true },
  filename: { headers: ['filename'], required: true },
  onset: { headers: ['onsetframe'], required: true },
  apex: { headers: ['apexframe'] },
  offset: { headers: ['offsetframe'], required: true },
  aus: { headers: ['action units', 'action unit'] },
  emotion: { headers: ['estimated emotion', 'emotion'] },
  objective: { headers: ['objective classes', 'objective class'] },
} as const satisfies ColumnSpecs;

/** One row as a sample needs it. Subject is text '01' in the 2014/2019 copies and a number in others (docs/datasets.md §1.3 A). */
const ROW = z.object({
  subject: cell
    .matching(/^(sub)?\d{1,3}$/i, 'is not a subject number')
    .transform((s) => s.replace(/^sub/i, '').padStart(2, '0')),
  filename: cell.text(),
  onset: cell.int(),
  // '/' for sub04 EP12_01f (docs/datasets.md §1.3): unknown, reported below
  apex: cell.optionalInt(),
  offset: cell.int(),
  aus: cell.raw(),
  emotion: cell.optionalText(),
  objective: cell.optionalInt(),
});
export type Casme2Row = z.output<typeof ROW> & { row: number; apexCell: Cell };

export interface Casme2Sheet {
  sheetName: string;
  rows: Casme2Row[];
  /** Recognised version, e.g. `casme2-coding-20140508` (docs/datasets.md §1.3, §7.1). */
  version: string;
  dataRows: number;
  rejected: number;
}

/** True when the table has a CASME II coding header. */
export function hasCasme2Header(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, CASME2_COLUMNS) >= 0;
}

/** Reads the coding sheet; rows that cannot become samples are reported and counted in `rejected`. */
export function parseCasme2Sheet(wb: Workbook, relFile: string, issues: IssueLog): Casme2Sheet | null {
  const found = findTable(wb, CASME2_COLUMNS);
  if (!found) return null;
  const read = readRows(found, CASME2_COLUMNS, ROW, {
    file: relFile,
    issues,
    expected: 'a subject number, a clip name and frame numbers',
  });
  const rows = read.rows.map(({ row, cells, value }) => {
    if (value.apex === null)
      reportUnknownApex(
        `${read.labels.apex}`,
        cells.apex,
        { sample: `casme2/sub${value.subject}/${value.filename}`, file: relFile, row },
        issues,
      );
    return { ...value, row, apexCell: cells.apex };
  });
  const header = found.table.rows[found.headerIndex] ?? [];
  return {
    sheetName: found.table.name,
    rows,
    version: sheetVersion(found.table, relFile, header, read.dataRows, rows, wb.sha256),
    dataRows: read.dataRows,
    rejected: read.rejected,
  };
}

const HEADER_2014 = 'Subject|Filename||OnsetFrame|ApexFrame|OffsetFrame||Action Units|Estimated Emotion';
const RELABELLED_2019 = ['EP07_01', 'EP07_04f', 'EP10_03'];

/**
 * The 2014 and 2019 coding sheets and the cells that tell them apart (docs/datasets.md §1.3, §1.5):
 * tab, header with blank columns C and G, 255 rows, sub04 EP12_01f apex '/', and the three sub24
 * rows relabelled sadness → surprise in 2019. No release sha256 is published, so a sheet is named
 * only when every one of these matches; edited copies are variants, with their differences.
 */
export const CASME2_RELEASES: readonly KnownRelease[] = [
  {
    name: 'casme2-coding-20140508',
    sha256: [],
    cells: [
      { what: 'tab', expected: 'Sheet1' },
      { what: 'header', expected: HEADER_2014 },
      { what: 'data rows', expected: 255 },
      { what: 'sub04/EP12_01f ApexFrame', expected: '/' },
      ...RELABELLED_2019.map((f) => ({ what: `sub24/${f} Estimated Emotion`, expected: 'sadness' })),
    ],
  },
  {
    name: 'casme2-coding-20190701',
    sha256: [],
    cells: [
      { what: 'tab', expected: 'Sheet1' },
      { what: 'header', expected: `${HEADER_2014}|Objective Classes` },
      { what: 'data rows', expected: 255 },
      ...RELABELLED_2019.map((f) => ({ what: `sub24/${f} Estimated Emotion`, expected: 'surprise' })),
    ],
  },
];

/**
 * Several CASME II sheets share a purpose (docs/datasets.md §1.3, §7.1): the 2014 and 2019 coding
 * sheets (named by their distinguishing cells), meb's 256-row "updated" sheet, and the old `.xls`
 * without blank columns (unverified, so recognised by its form: an .xls with the seven columns).
 */
function sheetVersion(
  table: { name: string },
  relFile: string,
  header: readonly Cell[],
  dataRows: number,
  rows: readonly Casme2Row[],
  sha256: string,
): string {
  const names = header.map((h) => cellText(h) ?? '');
  const headerText = names.slice(0, names.findLastIndex((n) => n !== '') + 1).join('|');
  if (/\.xls$/i.test(relFile) && !headerText.includes('||')) return 'casme2-label-ver2';
  if (dataRows === 256) return 'casme2-coding-updated';
  return releaseLabel(sha256, CASME2_RELEASES, (what) => {
    if (what === 'tab') return table.name;
    if (what === 'header') return headerText;
    if (what === 'data rows') return dataRows;
    const [clip, ...column] = what.split(' ');
    const row = rows.find((r) => `sub${r.subject}/${r.filename}` === clip);
    if (!row) return null;
    const value = column.join(' ') === 'ApexFrame' ? row.apexCell : row.emotion;
    return value === null || typeof value === 'boolean' ? null : value;
  });
}
