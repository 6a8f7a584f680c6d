import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellInt, cellText } from '../../sources/cells.js';
import { normaliseHeader, type SheetTable, type Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import type { ColumnSpecs } from '../kit/columns.js';
import { readRows } from '../kit/columns.js';

/**
 * The header-less main tab of `CAS(ME)^2code_final.xlsx`, columns A–I by position
 * (docs/datasets-more.md §1.4); the names are the loaders' (genbing99), for messages.
 */
export const COLUMNS = {
  subject: { headers: ['subject'] },
  video: { headers: ['video'] },
  onset: { headers: ['onset'] },
  apex: { headers: ['apex'] },
  offset: { headers: ['offset'] },
  aus: { headers: ['au'] },
  emotion: { headers: ['emotion'] },
  type: { headers: ['type'] },
  selfReport: { headers: ['selfreport'] },
} as const satisfies ColumnSpecs;
const POSITIONAL_NAMES = Object.values(COLUMNS).map((c) => c.headers[0]);
/** Column letters, for messages: the sheet has no header to name them. */
const LETTER: Record<string, string> = {
  subject: 'A (subject)',
  video: 'B (video)',
  onset: 'C (onset)',
  apex: 'D (apex)',
  offset: 'E (offset)',
  au: 'F (AUs)',
  emotion: 'G (emotion)',
  type: 'H (type)',
  selfreport: 'I (self-report)',
};

/** `anger1_3`: a naming-rule2 prefix and the expression's ordinal in that video (§1.4). */
export const VIDEO_NAME = /^([a-z]+\d+)_(\d+)$/i;

const RowSchema = z.object({
  subject: cell.int(),
  video: cell.matching(VIDEO_NAME, "is not '<stimulus><n>_<k>' (e.g. anger1_1)"),
  onset: cell.int(),
  // 0 = not annotated (docs/datasets-more.md §0): handled by the scan, reported there
  apex: cell.int(),
  offset: cell.int(),
  aus: cell.raw(),
  emotion: cell.text(),
  type: cell.matching(/^(macro|micro)/i, "is not 'macro-expression' or 'micro-expression'"),
  selfReport: cell.optionalText(),
});

export interface CasmeSqRow {
  /** 1-based Excel row. */
  row: number;
  subjectIndex: number;
  video: string;
  /** The naming-rule2 key (`anger1`). */
  stimulus: string;
  onset: number;
  apex: number;
  offset: number;
  aus: Cell;
  emotion: string;
  type: string;
  kind: 'micro' | 'macro';
  selfReport: string | null;
}

/** Which copy of the sheet this is (§1.4): official header-less, or the user-edited `###` copy. */
export type SheetVariant = 'header-less' | 'hash-row';

export interface CasmeSqSheet {
  mainTab: string;
  variant: SheetVariant;
  rows: CasmeSqRow[];
  dataRows: number;
  rejected: number;
  /** Rows under the table with cells only past column I (the `###` copy's J359 sum and J360 mean). */
  footerRows: number[];
  /** The `###` copy's column J (duration formulas with cached values): seen and ignored. */
  extraColumns: boolean;
  /** naming rule1, row-aligned: Excel row → { subject index, subject folder }. */
  rule1: Map<number, { index: number; folder: string }>;
  /** naming rule2: stimulus prefix (lower case) → 4-digit video code. */
  rule2: Map<string, string>;
}

export const RULE1_TAB = 'naming rule1';
export const RULE2_TAB = 'naming rule2';
const tabNamed = (wb: Workbook, name: string) => wb.sheets.find((s) => normaliseHeader(s.name) === name);

/** True when a workbook has the naming-rule tabs and a main tab of CAS(ME)² rows: detection's test. */
export function isCasmeSqWorkbook(wb: Workbook): boolean {
  const main = mainTab(wb);
  if (!main || !tabNamed(wb, RULE1_TAB) || !tabNamed(wb, RULE2_TAB)) return false;
  const first = main.rows[firstDataIndex(main)] ?? [];
  return cellInt(first[0]) !== null && VIDEO_NAME.test(cellText(first[1]) ?? '');
}

/** The main tab: `CASFEcode_final` by name, else the first tab that is not a naming rule. */
function mainTab(wb: Workbook): SheetTable | undefined {
  return (
    tabNamed(wb, 'casfecode_final') ??
    wb.sheets.find((s) => ![RULE1_TAB, RULE2_TAB].includes(normaliseHeader(s.name)))
  );
}

/** 0 for the official sheet (row 1 is sample 1); 1 when row 1 is the inserted `###` row (§0, §1.4). */
function firstDataIndex(table: SheetTable): number {
  return cellText(table.rows[0]?.[0]) === '###' ? 1 : 0;
}

/**
 * Reads the three tabs. Rows are validated one by one (`sheet.bad-row` naming the tab, row and
 * column letter); the `###` row, column J and footer rows of the user-edited copy are recognised
 * and left out (docs/datasets-more.md §1.4). Returns null when the workbook is not this sheet.
 */
export function parseCasmeSqSheet(wb: Workbook, file: string, issues: IssueLog): CasmeSqSheet | null {
  const main = mainTab(wb);
  const rule1Tab = tabNamed(wb, RULE1_TAB);
  const rule2Tab = tabNamed(wb, RULE2_TAB);
  if (!main || !rule1Tab || !rule2Tab) return null;
  const start = firstDataIndex(main);
  const read = readRows(
    { table: main, headerIndex: start - 1, names: POSITIONAL_NAMES },
    COLUMNS,
    RowSchema,
    {
      file,
      issues,
      expected:
        'A subject index, B <stimulus><n>_<k>, C–E onset/apex/offset frame numbers, G emotion, H macro-expression or micro-expression (docs/datasets-more.md §1.4)',
      showLabel: (name) => LETTER[name] ?? name,
    },
  );
  const rows: CasmeSqRow[] = read.rows.map(({ row, value }) => ({
    row,
    subjectIndex: value.subject,
    video: value.video,
    stimulus: (VIDEO_NAME.exec(value.video)?.[1] ?? '').toLowerCase(),
    onset: value.onset,
    apex: value.apex,
    offset: value.offset,
    aus: value.aus,
    emotion: value.emotion,
    type: value.type,
    kind: /^micro/i.test(value.type) ? 'micro' : 'macro',
    selfReport: value.selfReport,
  }));
  const width = POSITIONAL_NAMES.length;
  const past = (r: readonly Cell[]) => r.slice(width).some((c) => cellText(c) !== null);
  const within = (r: readonly Cell[]) => r.slice(0, width).some((c) => cellText(c) !== null);
  const footerRows: number[] = [];
  main.rows.forEach((r, i) => {
    if (i >= start && past(r) && !within(r)) footerRows.push(i + 1);
  });
  return {
    mainTab: main.name,
    variant: start === 1 ? 'hash-row' : 'header-less',
    rows,
    dataRows: read.dataRows,
    rejected: read.rejected,
    footerRows,
    extraColumns: main.rows.some((r, i) => i >= start && within(r) && past(r)),
    rule1: readRule1(rule1Tab),
    rule2: readRule2(rule2Tab),
  };
}

/** naming rule1: A folder number, B folder name (`s15`), C subject index; one row per main row (§1.4). */
function readRule1(tab: SheetTable): CasmeSqSheet['rule1'] {
  const out: CasmeSqSheet['rule1'] = new Map();
  tab.rows.forEach((r, i) => {
    const index = cellInt(r[2]);
    const number = cellInt(r[0]);
    const folder = cellText(r[1]) ?? (number === null ? null : `s${number}`);
    if (index !== null && folder !== null && /^s\d+$/i.test(folder)) out.set(i + 1, { index, folder });
  });
  return out;
}

/** naming rule2: A 4-digit code (text `'0101'`; a number cell is padded back), B stimulus prefix (§1.4). */
function readRule2(tab: SheetTable): CasmeSqSheet['rule2'] {
  const out: CasmeSqSheet['rule2'] = new Map();
  for (const r of tab.rows) {
    const raw = cellText(r[0]);
    const prefix = cellText(r[1]);
    if (raw === null || prefix === null || !/^\d{1,4}$/.test(raw)) continue;
    out.set(prefix.toLowerCase(), raw.padStart(4, '0'));
  }
  return out;
}
