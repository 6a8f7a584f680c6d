import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellInt, cellNumber, cellText, showCell } from '../../sources/cells.js';
import { type KnownRelease, releaseLabel } from '../../sources/release.js';
import { isBlankRecord, recordsBelow, type Workbook } from '../../sources/sheet.js';
import { columnLabel, findHeader, isMicroHeader, pick } from './columns.js';
import { MICRO_CLIP_DIR } from './layout.js';

/** One usable row of SAMM_Micro_FACS_Codes_v2.xlsx (docs/datasets.md §2.3). */
export interface SammRow {
  row: number;
  /** Three-digit subject as in the folder names (`006`). */
  subject: string;
  filename: string;
  inducement: number | null;
  onset: number;
  /** null when the cell is not a frame number. */
  apex: number | null;
  offset: number;
  /** The `Micro` column as written (`Micro - 1/2`). */
  type: string | null;
  ausCell: Cell;
  emotion: string | null;
  objectiveClass: number | null;
  notes: string | null;
}

export interface SammSheet {
  sheetName: string;
  rows: SammRow[];
  /** Recognised variant, e.g. `samm-micro-v2` (docs/datasets.md §2.3, §7.1). */
  version: string;
  dataRows: number;
  rejected: number;
}

/** The table holding the micro header: `MICRO_ONLY` first, else any sheet with it. */
export function findMicroTable(wb: Workbook): { name: string; rows: Cell[][]; header: number } | null {
  const ordered = [...wb.sheets].sort(
    (a, b) => Number(b.name.toUpperCase() === 'MICRO_ONLY') - Number(a.name.toUpperCase() === 'MICRO_ONLY'),
  );
  for (const s of ordered) {
    const header = findHeader(s.rows, isMicroHeader);
    if (header >= 0) return { name: s.name, rows: s.rows, header };
  }
  return null;
}

/**
 * Reads the micro-movement sheet. Rows that cannot become samples are reported and counted in
 * `rejected`; nothing in the sheet is corrected, only reported.
 */
export function parseSammSheet(wb: Workbook, relFile: string, issues: IssueLog): SammSheet | null {
  const table = findMicroTable(wb);
  if (!table) return null;
  const header = table.rows[table.header] ?? [];
  const label = (c: Parameters<typeof columnLabel>[1]) => columnLabel(header, c);
  const records = recordsBelow(table.rows, table.header).filter((r) => !isBlankRecord(r));
  const rows: SammRow[] = [];
  let rejected = 0;
  let dataRows = 0;
  for (const record of records) {
    const where = { file: relFile, row: record.row };
    const subjectCell = pick(record, 'subject');
    const filename = cellText(pick(record, 'filename'));
    const onsetCell = pick(record, 'onset');
    const offsetCell = pick(record, 'offset');
    if (!filename && cellText(onsetCell) === null && cellText(offsetCell) === null) {
      // a trailing note under the table, not a sample
      issues.info('sheet.note-row', `row is not a sample (no Filename, no frames); ignored`, where);
      continue;
    }
    dataRows++;
    // Subject is text '006' (format @) in the known copies and may be a number elsewhere (docs/datasets.md §0.4)
    const subjectNo = cellText(subjectCell) ?? '';
    const onset = cellInt(onsetCell);
    const offset = cellInt(offsetCell);
    const problems: string[] = [];
    if (!/^\d{1,3}$/.test(subjectNo))
      problems.push(`Subject ${showCell(subjectCell)} is not a subject number`);
    if (!filename) problems.push('Filename is empty');
    if (onset === null) problems.push(`${label('onset')} ${showCell(onsetCell)} is not a whole number`);
    if (offset === null) problems.push(`${label('offset')} ${showCell(offsetCell)} is not a whole number`);
    if (problems.length > 0 || !filename || onset === null || offset === null) {
      issues.error(
        'sheet.bad-row',
        `${problems.join('; ')}; expected a subject number (006), a clip name (006_1_2) and frame numbers`,
        where,
      );
      rejected++;
      continue;
    }
    const subject = subjectNo.padStart(3, '0');
    const sample = `samm/${subject}/${filename}`;
    const clip = MICRO_CLIP_DIR.exec(filename);
    const inducement = cellInt(pick(record, 'inducement'));
    if (!clip) {
      issues.warn(
        'samm.filename',
        `Filename '${filename}' is not of the form sss_n_k (006_1_2); the folder is looked up as written`,
        { sample, ...where },
      );
    } else if (clip[1] !== subject) {
      issues.warn(
        'samm.filename-subject',
        `Filename '${filename}' starts with ${clip[1]} but Subject is ${subject}; expected the same subject`,
        { sample, ...where },
      );
    } else if (inducement !== null && Number(clip[2]) !== inducement) {
      // the middle number of the clip name equals Inducement Code in every known row (docs/datasets.md §2.2)
      issues.warn(
        'samm.inducement-code',
        `Filename '${filename}' has inducement ${clip[2]} but ${label('inducement')} is ${inducement}`,
        { sample, ...where },
      );
    }
    const apexCell = pick(record, 'apex');
    const apex = cellInt(apexCell);
    if (apex === null) {
      issues.warn(
        'apex.unknown',
        `${label('apex')} ${showCell(apexCell)} is not a frame number; the apex is left unknown (apex_source: missing)`,
        { sample, ...where },
      );
    }
    // Duration is a formula `=SUM(F15-D15)+1`; its cached value is read, never re-evaluated (docs/datasets.md §2.3 G)
    const durationCell = pick(record, 'duration');
    const duration = cellNumber(durationCell);
    if (duration !== null && duration !== offset - onset + 1) {
      issues.warn(
        'samm.duration',
        `${label('duration')} ${duration} does not equal offset − onset + 1 = ${offset - onset + 1}; the frame numbers are used`,
        { sample, ...where },
      );
    }
    rows.push({
      row: record.row,
      subject,
      filename,
      inducement,
      onset,
      apex,
      offset,
      type: cellText(pick(record, 'type')),
      ausCell: pick(record, 'aus'),
      emotion: cellText(pick(record, 'emotion')),
      objectiveClass: cellInt(pick(record, 'objective')),
      notes: cellText(pick(record, 'notes')),
    });
  }
  return {
    sheetName: table.name,
    rows,
    version: sammSheetVersion(dataRows, rows, table.header + 1, wb.sha256),
    dataRows,
    rejected,
  };
}

/** The two clips whose apex differs between the circulating v2 copies (docs/datasets.md §2.3 quirks). */
export const APEX_TYPO_CLIPS = ['028_4_1', '032_3_1'] as const;

/**
 * Two copies of SAMM_Micro_FACS_Codes_v2.xlsx circulate with 159 rows and the header on row 14; they
 * differ in two apex cells (docs/datasets.md §2.3). A third, with the title block deleted and
 * 028_4_1 apex 1124, is an edited copy (§2.5.2). No release sha256 is published, so a copy is named
 * only when every one of these cells matches; otherwise it is a variant, with its differences.
 */
export const SAMM_RELEASES: readonly KnownRelease[] = [
  {
    name: 'samm-micro-v2',
    sha256: [],
    cells: [
      { what: 'data rows', expected: 159 },
      { what: 'header row', expected: 14 },
      { what: '028_4_1 Apex Frame', expected: 1113 },
      { what: '032_3_1 Apex Frame', expected: 4930 },
    ],
  },
  {
    name: 'samm-micro-v2-apex-typos',
    sha256: [],
    cells: [
      { what: 'data rows', expected: 159 },
      { what: 'header row', expected: 14 },
      { what: '028_4_1 Apex Frame', expected: 1143 },
      { what: '032_3_1 Apex Frame', expected: 1930 },
    ],
  },
];

export function sammSheetVersion(
  dataRows: number,
  rows: readonly SammRow[],
  headerRow = 14,
  sha256 = '',
): string {
  return releaseLabel(sha256, SAMM_RELEASES, (what) => {
    if (what === 'data rows') return dataRows;
    if (what === 'header row') return headerRow;
    const clip = what.split(' ')[0];
    return rows.find((r) => r.filename === clip)?.apex ?? null;
  });
}
