import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellInt, cellText, showCell } from '../../sources/cells.js';
import {
  isBlankRecord,
  recordsBelow,
  type SheetRecord,
  type SheetTable,
  type Workbook,
} from '../../sources/sheet.js';
import { type ColumnSpecs, findHeaderRow } from '../kit/columns.js';
import type { SmicSubset } from '../smic/layout.js';

/** One onset..offset interval of a SMIC-E row: `OnsetF/OffsetF`, then `Onset2F/Offset2F`… (§3.4). */
export interface SmicEInterval {
  /** 1 for OnsetF/OffsetF, 2 for Onset2F/Offset2F, … */
  k: number;
  onset: number;
  offset: number;
  /** `ApexF` where a sheet has one (only rumoured for `_2019`, §3.4); otherwise null. */
  apex: number | null;
}

export interface SmicERow {
  row: number;
  subject: number;
  /** `s1_ne_01`, the clip folder's name (subject unpadded, §3.3). */
  filename: string;
  intervals: SmicEInterval[];
  /** Interval numbers that could not be read (already reported as errors). */
  badIntervals: number[];
  /** First frame of the long clip, or null (empty, or text like `MISSING <-426679`). */
  firstF: number | null;
  firstCell: Cell;
  emotion: string | null;
}

export interface SmicESheet {
  sheetName: string;
  rows: SmicERow[];
  /** Rows that look like data (a clip name or a subject number), read or rejected. */
  dataRows: number;
  /** Text rows below or between the data (trailing notes in some releases, §3.4). */
  notes: { row: number; text: string }[];
  rejected: number;
  version: string;
}

/** The columns every SMIC-E tab has; the interval columns (`Onset2F`…) vary and are found by pattern. */
const REQUIRED = {
  subject: { headers: ['subject'], required: true },
  filename: { headers: ['filename'], required: true },
  onset: { headers: ['onsetf'], required: true },
} satisfies ColumnSpecs;
const CLIP = /^s(\d{1,3})_\S+$/i;

export function hasSmicEHeader(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, REQUIRED) >= 0;
}

/** The tab for a camera: named after it (`HS`, `VIS`, `NIR`), else the only one with the header. */
export function smicETable(wb: Workbook, subset: SmicSubset): SheetTable | null {
  const withHeader = wb.sheets.filter((s) => hasSmicEHeader(s.rows));
  const named = withHeader.find((s) => s.name.trim().toLowerCase() === subset);
  if (named) return named;
  // another camera's tab (the HS workbook also holds VIS, §3.4) is never read for this one
  const others = withHeader.filter((s) => !['hs', 'vis', 'nir'].includes(s.name.trim().toLowerCase()));
  return others.length === 1 ? (others[0] as SheetTable) : null;
}

function intervalColumns(header: readonly string[]): number[] {
  const ks = new Set<number>();
  for (const h of header) {
    const m = /^onset(\d*)f$/.exec(h);
    if (m) ks.add(m[1] ? Number(m[1]) : 1);
  }
  return [...ks].sort((a, b) => a - b);
}

const col = (name: 'onset' | 'offset' | 'apex' | 'totalmf', k: number) =>
  name === 'totalmf' ? `totalmf${k}` : `${name}${k === 1 ? '' : k}f`;

/** Reads one camera's SMIC-E annotation tab; every row is read, rejected or kept as a note (§3.4). */
export function parseSmicESheet(
  table: SheetTable,
  relFile: string,
  subset: SmicSubset,
  issues: IssueLog,
): SmicESheet {
  const headerIndex = findHeaderRow(table.rows, REQUIRED);
  const header = (table.rows[headerIndex] ?? []).map(
    (c) => cellText(c)?.toLowerCase().replace(/\s+/g, ' ') ?? '',
  );
  const ks = intervalColumns(header);
  const records = recordsBelow(table.rows, headerIndex).filter((r) => !isBlankRecord(r));
  const rows: SmicERow[] = [];
  const notes: SmicESheet['notes'] = [];
  let rejected = 0;
  let dataRows = 0;
  for (const record of records) {
    const get = (name: string) => record.cells.get(name) ?? null;
    const subjectCell = get('subject');
    const filename = cellText(get('filename'));
    const subjectNo = cellInt(subjectCell);
    const where = { file: relFile, row: record.row };
    if (!(filename && CLIP.test(filename)) && subjectNo === null) {
      // trailing text rows (genbing99 drops them, §3.4): kept in the report, never read as data
      notes.push({ row: record.row, text: noteText(record) });
      continue;
    }
    dataRows++;
    const fromName = filename ? Number(CLIP.exec(filename)?.[1]) : null;
    if (!filename || fromName === null || Number.isNaN(fromName)) {
      issues.error(
        'sheet.bad-row',
        `Filename ${showCell(get('filename'))} is not a clip name; expected s<subject>_<ne|po|sur>_<NN>`,
        where,
      );
      rejected++;
      continue;
    }
    if (subjectNo !== null && subjectNo !== fromName)
      issues.warn(
        'smic-e.subject-mismatch',
        `Subject ${showCell(subjectCell)} but Filename ${filename} names subject ${fromName}; the clip is looked for under s${String(fromName).padStart(2, '0')}/`,
        where,
      );
    const id = `smic-e/${subset}/s${String(fromName).padStart(2, '0')}/${filename}`;
    const intervals: SmicEInterval[] = [];
    const badIntervals: number[] = [];
    for (const k of ks) {
      const onsetCell = get(col('onset', k));
      const offsetCell = get(col('offset', k));
      const sample = k === 1 ? id : `${id}_${k}`;
      if (k > 1 && cellText(onsetCell) === null && cellText(offsetCell) === null) continue;
      const onset = cellInt(onsetCell);
      let offset = cellInt(offsetCell);
      const total = cellInt(get(col('totalmf', k)));
      if (onset !== null && offset === null && cellText(offsetCell) === null && total !== null && total > 0) {
        // OffsetF is the formula =OnsetF+TotalMF1-1 (§3.4); a copy without its cached value still has both inputs
        offset = onset + total - 1;
        issues.warn(
          'smic-e.offset-from-length',
          `${col('offset', k)} is empty; taken as ${col('onset', k)} + TotalMF${k} - 1 = ${offset}, the sheet's own formula`,
          { ...where, sample },
        );
      }
      if (onset === null || offset === null) {
        issues.error(
          'sheet.bad-interval',
          `Onset${k === 1 ? '' : k}F ${showCell(onsetCell)} / Offset${k === 1 ? '' : k}F ${showCell(offsetCell)}: expected two frame numbers`,
          { ...where, sample },
        );
        badIntervals.push(k);
        continue;
      }
      const apexCell = get(col('apex', k));
      intervals.push({ k, onset, offset, apex: cellInt(apexCell) });
    }
    dropRepeatedIntervals(intervals, id, where, issues);
    if (intervals.length === 0 && badIntervals.length === 0) {
      issues.error('sheet.bad-row', 'no OnsetF/OffsetF; expected frame numbers', { ...where, sample: id });
      rejected++;
      continue;
    }
    const firstCell = get('firstf');
    const firstF = cellInt(firstCell);
    if (firstF === null && cellText(firstCell) !== null) {
      // `MISSING <-426679` for s3_ne_20 in the original HS sheet (§3.4, §7.5)
      issues.warn(
        'smic-e.first-frame-text',
        `FirstF is ${showCell(firstCell)}, not a frame number; frames are located by their own numbers`,
        { ...where, sample: id },
      );
    }
    rows.push({
      row: record.row,
      subject: fromName,
      filename,
      intervals,
      badIntervals,
      firstF,
      firstCell,
      emotion: cellText(get('emotion')),
    });
  }
  return {
    sheetName: table.name,
    rows,
    dataRows,
    notes,
    rejected,
    version: sheetVersion(relFile, table.name, dataRows, ks),
  };
}

function noteText(record: SheetRecord): string {
  const parts: string[] = [];
  for (const v of record.cells.values()) {
    const t = cellText(v);
    if (t) parts.push(t);
  }
  return parts.join(' | ');
}

/** The known copies (§3.4, §7.1): orig (162 HS rows), davidnvq's edit (157, Onset3F), `_2019`, VIS (71). */
function sheetVersion(file: string, tab: string, dataRows: number, ks: readonly number[]): string {
  const t = tab.trim().toLowerCase();
  if (/2019/.test(file)) return `smic-e-annotation-2019 (${tab}, ${dataRows} rows)`;
  if (t === 'hs' && ks.includes(3))
    return `smic-hs-e-edited (davidnvq's copy, not official; ${dataRows} rows)`;
  if (t === 'hs' && dataRows === 162) return 'smic-hs-e-annotation-orig';
  if (t === 'vis' && dataRows === 71) return 'smic-e-annotation-vis';
  return `unknown (${tab}, ${dataRows} rows)`;
}

/**
 * Two identical intervals of one clip are one movement, not two samples: davidnvq's edited copy
 * repeats s9_sur_01's second interval as its third (docs/datasets.md §3.4). The later copy is dropped
 * and reported.
 */
function dropRepeatedIntervals(
  intervals: SmicEInterval[],
  id: string,
  where: { file: string; row: number },
  issues: IssueLog,
): void {
  for (let i = intervals.length - 1; i > 0; i--) {
    const later = intervals[i] as SmicEInterval;
    const same = intervals
      .slice(0, i)
      .find((e) => e.onset === later.onset && e.offset === later.offset && e.apex === later.apex);
    if (!same) continue;
    const name = (k: number) => (k === 1 ? 'OnsetF/OffsetF' : `Onset${k}F/Offset${k}F`);
    issues.warn(
      'smic-e.duplicate-interval',
      `${name(later.k)} ${later.onset}..${later.offset} repeats ${name(same.k)}; two identical intervals of one clip are one movement, kept once (sample ${same.k === 1 ? id : `${id}_${same.k}`})`,
      { ...where, sample: later.k === 1 ? id : `${id}_${later.k}` },
    );
    intervals.splice(i, 1);
  }
}
