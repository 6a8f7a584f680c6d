import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import { cellText } from '../../sources/cells.js';
import { type KnownRelease, releaseLabel } from '../../sources/release.js';
import type { Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { reportUnknownApex } from '../kit/clip.js';
import { type FoundTable, findTable, readRows } from '../kit/columns.js';
import { MICRO_COLUMNS } from './columns.js';
import { MICRO_CLIP_DIR } from './layout.js';

/** One row as a sample needs it. Subject is text '006' (format @) in the known copies and may be a number elsewhere (docs/datasets.md §0.4). */
const ROW = z.object({
  subject: cell.matching(/^\d{1,3}$/, 'is not a subject number').transform((s) => s.padStart(3, '0')),
  filename: cell.text(),
  inducement: cell.optionalInt(),
  onset: cell.int(),
  apex: cell.optionalInt(),
  offset: cell.int(),
  // a formula `=SUM(F15-D15)+1`: its cached value is read, never re-evaluated (docs/datasets.md §2.3 G)
  duration: cell.optionalNumber(),
  /** The `Micro` column as written (`Micro - 1/2`). */
  type: cell.optionalText(),
  aus: cell.raw(),
  emotion: cell.optionalText(),
  objective: cell.optionalInt(),
  notes: cell.optionalText(),
});
/** One usable row of SAMM_Micro_FACS_Codes_v2.xlsx (docs/datasets.md §2.3). */
export type SammRow = z.output<typeof ROW> & { row: number };

export interface SammSheet {
  sheetName: string;
  rows: SammRow[];
  /** Recognised variant, e.g. `samm-micro-v2` (docs/datasets.md §2.3, §7.1). */
  version: string;
  dataRows: number;
  rejected: number;
}

/** The table holding the micro header: `MICRO_ONLY` first, else any tab with it. */
export function findMicroTable(wb: Workbook): FoundTable | null {
  return findTable(wb, MICRO_COLUMNS, { rank: (tab) => (tab.toUpperCase() === 'MICRO_ONLY' ? 0 : 1) });
}

/**
 * Reads the micro-movement sheet. Rows that cannot become samples are reported and counted in
 * `rejected`; nothing in the sheet is corrected, only reported.
 */
export function parseSammSheet(wb: Workbook, relFile: string, issues: IssueLog): SammSheet | null {
  const found = findMicroTable(wb);
  if (!found) return null;
  const read = readRows(found, MICRO_COLUMNS, ROW, {
    file: relFile,
    issues,
    expected: 'a subject number (006), a clip name (006_1_2) and frame numbers',
    // a trailing note under the table: no Filename, no frames
    isNote: (c) => [c.filename, c.onset, c.offset].every((v) => cellText(v) === null),
  });
  const { labels } = read;
  const rows = read.rows.map(({ row, cells, value: r }) => {
    const where = { sample: `samm/${r.subject}/${r.filename}`, file: relFile, row };
    const clip = MICRO_CLIP_DIR.exec(r.filename);
    if (!clip)
      issues.warn(
        'samm.filename',
        `Filename '${r.filename}' is not of the form sss_n_k (006_1_2); the folder is looked up as written`,
        where,
      );
    else if (clip[1] !== r.subject)
      issues.warn(
        'samm.filename-subject',
        `Filename '${r.filename}' starts with ${clip[1]} but Subject is ${r.subject}; expected the same subject`,
        where,
      );
    else if (r.inducement !== null && Number(clip[2]) !== r.inducement)
      // the middle number of the clip name equals Inducement Code in every known row (docs/datasets.md §2.2)
      issues.warn(
        'samm.inducement-code',
        `Filename '${r.filename}' has inducement ${clip[2]} but ${labels.inducement} is ${r.inducement}`,
        where,
      );
    if (r.apex === null) reportUnknownApex(`${labels.apex}`, cells.apex, where, issues);
    if (r.duration !== null && r.duration !== r.offset - r.onset + 1)
      issues.warn(
        'samm.duration',
        `${labels.duration} ${r.duration} does not equal offset − onset + 1 = ${r.offset - r.onset + 1}; the frame numbers are used`,
        where,
      );
    return { ...r, row };
  });
  return {
    sheetName: found.table.name,
    rows,
    version: sammSheetVersion(read.dataRows, rows, found.headerIndex + 1, wb.sha256),
    dataRows: read.dataRows,
    rejected: read.rejected,
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
  rows: readonly Pick<SammRow, 'filename' | 'apex'>[],
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
