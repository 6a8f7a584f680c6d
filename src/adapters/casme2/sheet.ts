import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellInt, cellText, showCell } from '../../sources/cells.js';
import { type KnownRelease, releaseLabel } from '../../sources/release.js';
import {
  findHeaderRow,
  isBlankRecord,
  recordsBelow,
  type SheetRecord,
  type Workbook,
} from '../../sources/sheet.js';

/** One usable row of a CASME II coding sheet. */
export interface Casme2Row {
  row: number;
  /** Two-digit subject number as in the folder names (`01`). */
  subject: string;
  filename: string;
  onset: number;
  /** null when the sheet has no usable apex (`/` for sub04 EP12_01f, docs/datasets.md §1.3). */
  apex: number | null;
  apexCell: Cell;
  offset: number;
  ausCell: Cell;
  emotion: string | null;
  objectiveClass: number | null;
}

export interface Casme2Sheet {
  sheetName: string;
  rows: Casme2Row[];
  /** Recognised version, e.g. `casme2-coding-20140508` (docs/datasets.md §1.3, §7.1). */
  version: string;
  dataRows: number;
  rejected: number;
}

// Header names as written in the sheets (docs/datasets.md §1.3), compared after normaliseHeader().
const REQUIRED = ['subject', 'filename', 'onsetframe', 'offsetframe'];
const COLUMN_ALIASES = {
  apex: ['apexframe'],
  aus: ['action units', 'action unit'],
  emotion: ['estimated emotion', 'emotion'],
  objective: ['objective classes', 'objective class'],
} as const;

function pick(record: SheetRecord, names: readonly string[]): Cell {
  for (const n of names) if (record.cells.has(n)) return record.cells.get(n) ?? null;
  return null;
}

/** True when the table has a CASME II coding header. */
export function hasCasme2Header(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, REQUIRED) >= 0;
}

/** Reads the coding sheet; rows that cannot become samples are reported and counted in `rejected`. */
export function parseCasme2Sheet(wb: Workbook, relFile: string, issues: IssueLog): Casme2Sheet | null {
  const table = wb.sheets.find((s) => hasCasme2Header(s.rows));
  if (!table) return null;
  const headerIndex = findHeaderRow(table.rows, REQUIRED);
  const header = table.rows[headerIndex] ?? [];
  const records = recordsBelow(table.rows, headerIndex).filter((r) => !isBlankRecord(r));
  const where = (row: number) => ({ file: relFile, row });
  const rows: Casme2Row[] = [];
  let rejected = 0;
  for (const record of records) {
    const subjectCell = record.cells.get('subject') ?? null;
    const subjectText = cellText(subjectCell);
    const filename = cellText(record.cells.get('filename'));
    const onset = cellInt(record.cells.get('onsetframe'));
    const offset = cellInt(record.cells.get('offsetframe'));
    // Subject is text '01' in the 2014/2019 copies and a number in others (docs/datasets.md §1.3 A).
    const subjectNo = subjectText?.replace(/^sub/i, '') ?? '';
    const problems: string[] = [];
    if (!/^\d{1,3}$/.test(subjectNo))
      problems.push(`Subject ${showCell(subjectCell)} is not a subject number`);
    if (!filename) problems.push('Filename is empty');
    if (onset === null)
      problems.push(`OnsetFrame ${showCell(record.cells.get('onsetframe'))} is not a whole number`);
    if (offset === null)
      problems.push(`OffsetFrame ${showCell(record.cells.get('offsetframe'))} is not a whole number`);
    if (problems.length > 0 || !filename || onset === null || offset === null) {
      issues.error(
        'sheet.bad-row',
        `${problems.join('; ')}; expected a subject number, a clip name and frame numbers`,
        where(record.row),
      );
      rejected++;
      continue;
    }
    const subject = subjectNo.padStart(2, '0');
    const apexCell = pick(record, COLUMN_ALIASES.apex);
    const apex = cellInt(apexCell);
    if (apex === null) {
      issues.warn(
        'apex.unknown',
        `ApexFrame ${showCell(apexCell)} is not a frame number; the apex is left unknown (apex_source: missing)`,
        { sample: `casme2/sub${subject}/${filename}`, ...where(record.row) },
      );
    }
    const objective = cellInt(pick(record, COLUMN_ALIASES.objective));
    rows.push({
      row: record.row,
      subject,
      filename,
      onset,
      apex,
      apexCell,
      offset,
      ausCell: pick(record, COLUMN_ALIASES.aus),
      emotion: cellText(pick(record, COLUMN_ALIASES.emotion)),
      objectiveClass: objective,
    });
  }
  return {
    sheetName: table.name,
    rows,
    version: sheetVersion(table, relFile, header, records.length, rows, wb.sha256),
    dataRows: records.length,
    rejected,
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
    const cell = column.join(' ') === 'ApexFrame' ? row.apexCell : row.emotion;
    return cell === null || typeof cell === 'boolean' ? null : cell;
  });
}
