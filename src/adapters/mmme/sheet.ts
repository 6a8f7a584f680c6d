import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellNumber, cellText, showCell } from '../../sources/cells.js';
import { isBlankRecord, recordsBelow, type Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { type ColumnSpecs, findHeaderRow, findTable, headerNames, readRows } from '../kit/columns.js';
import { type Kind, kindFromCell } from './kind.js';
import { type ClockTime, parseClock } from './timestamps.js';

/**
 * The MMME coding sheet (docs/datasets.md §4.2): `Subject, Filename, Marker, OnsetTime, ApexTime,
 * OffsetTime, OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion,
 * [Macro/Micro], Date, dif`. Header names are compared after normaliseHeader().
 */
const MMME_COLUMNS = {
  name: { headers: ['subject'], required: true },
  filename: { headers: ['filename'], required: true },
  marker: { headers: ['marker'], required: true },
  onsetTime: { headers: ['onsettime'], required: true },
  apexTime: { headers: ['apextime'] },
  offsetTime: { headers: ['offsettime'], required: true },
  onsetFrame: { headers: ['onsetframe'] },
  apexFrame: { headers: ['apexframe'] },
  offsetFrame: { headers: ['offsetframe'] },
  aus: { headers: ['action units', 'action unit', 'aus'] },
  emotion: { headers: ['estimated emotion', 'emotion'] },
  kind: { headers: ['macro/micro', 'micro/macro', 'macro/micro expression', 'expression type', 'type'] },
  date: { headers: ['date'] },
  dif: { headers: ['dif'] },
} as const satisfies ColumnSpecs;

/** A number read from a number or numeric text; the schema's checks follow. */
const numberCell = () =>
  cell.raw().transform((c, ctx) => {
    const n = cellNumber(c);
    if (n === null) {
      ctx.addIssue({ code: 'custom', message: 'is not a number' });
      return z.NEVER;
    }
    return n;
  });

/** Subject and Filename hold names: they fail only when empty, so a message never quotes them. */
const ROW = z.object({
  name: cell.text(),
  filename: cell.text(),
  marker: numberCell().pipe(z.number().int('is not a whole number').positive('is not positive')),
  onsetTime: numberCell().pipe(z.number().nonnegative('is negative')),
  offsetTime: numberCell().pipe(z.number().nonnegative('is negative')),
  apexTime: cell.raw(),
  onsetFrame: cell.raw(),
  apexFrame: cell.raw(),
  offsetFrame: cell.raw(),
  aus: cell.raw(),
  emotion: cell.optionalText(),
  kind: cell.optionalText(),
  date: cell.optionalText(),
  dif: cell.optionalNumber(),
});

/** The trial video name `{emotion}_{stimIdx}_{Marker}_{subject}_{YYYYMMDD}.avi` (docs/datasets.md §4.2 B). */
const TRIAL_FILE = /^([A-Za-z]+)_(\d{1,2})_(\d{2,4})_(.+)_(\d{8})(\.[A-Za-z0-9]+)?$/;

export interface TrialName {
  emotion: string;
  stimulus: number;
  marker: number;
  /** The participant's name as written in the file name: never output. */
  name: string;
  date: string;
}

export function parseTrialName(filename: string): TrialName | null {
  const m = TRIAL_FILE.exec(filename.trim());
  if (!m) return null;
  return {
    emotion: (m[1] as string).toLowerCase(),
    stimulus: Number(m[2]),
    marker: Number(m[3]),
    name: m[4] as string,
    date: m[5] as string,
  };
}

/** One usable row. `name` and `filename` carry the participant's name and never reach the output. */
export interface MmmeRow {
  row: number;
  name: string;
  filename: string;
  trial: TrialName | null;
  marker: number;
  onsetTime: number;
  apexTime: number | null;
  offsetTime: number;
  /** The times as written (`12.3`, `12`), for ids and messages. */
  onsetText: string;
  onsetClock: ClockTime | null;
  apexClock: ClockTime | null;
  offsetClock: ClockTime | null;
  ausCell: Cell;
  emotion: string | null;
  kindCell: string | null;
  kind: Kind | null;
  annotated: string | null;
  dif: number | null;
}

export interface MmmeSheet {
  sheetName: string;
  rows: MmmeRow[];
  hasKindColumn: boolean;
  /** Non-blank rows below the header. */
  dataRows: number;
  blankRows: number;
  rejected: number;
  version: string;
}

export function hasMmmeHeader(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, MMME_COLUMNS) >= 0;
}

/** The Subject column of a sheet (for pseudonyms across every sheet of a download). */
export function subjectNames(wb: Workbook): string[] {
  const found = findTable(wb, MMME_COLUMNS);
  if (!found) return [];
  const records = recordsBelow(found.table.rows, found.headerIndex);
  return records.map((r) => cellText(r.cells.get('subject'))).filter((n): n is string => n !== null);
}

/**
 * Reads the coding sheet. `where(row)` gives the issue location; messages never quote the
 * Subject or Filename cells, which hold names (issue 5: report rows by number and pseudonym).
 */
export function parseMmmeSheet(
  wb: Workbook,
  displayFile: string,
  issues: IssueLog,
  sampleOf: (name: string) => string | null,
): MmmeSheet | null {
  const found = findTable(wb, MMME_COLUMNS);
  if (!found) return null;
  const { table, headerIndex } = found;
  const all = recordsBelow(table.rows, headerIndex);
  const lastDataRow = all.findLast((r) => !isBlankRecord(r))?.row ?? 0;
  const hasKindColumn = MMME_COLUMNS.kind.headers.some((h) => headerNames(table.rows[headerIndex]).has(h));
  const subjectOf = (name: string | null) => (name ? sampleOf(name) : null);
  const read = readRows(found, MMME_COLUMNS, ROW, {
    file: displayFile,
    issues,
    expected: 'a participant, a trial file name, a marker and times in seconds',
    quoteValues: false,
    sampleOf: (cells) => subjectOf(cellText(cells.name)),
  });
  const rows: MmmeRow[] = [];
  let rejected = read.rejected;
  for (const { row, cells, value: r } of read.rows) {
    const at = { file: displayFile, row };
    const subject = subjectOf(r.name);
    const where = subject ? { ...at, sample: subject } : at;
    if (r.offsetTime < r.onsetTime) {
      issues.error(
        'sheet.bad-row',
        `OffsetTime ${r.offsetTime} s is before OnsetTime ${r.onsetTime} s; expected onset ≤ offset`,
        where,
      );
      rejected++;
      continue;
    }
    const apexCell = r.apexTime;
    let apexTime = cellNumber(apexCell);
    if (apexTime === null) {
      issues.warn(
        'apex.unknown',
        `ApexTime ${showCell(apexCell)} is not a number of seconds; the apex is left unknown (apex_source: missing)`,
        where,
      );
    } else if (apexTime < r.onsetTime || apexTime > r.offsetTime) {
      issues.warn(
        'apex.outside',
        `ApexTime ${apexTime} s is outside OnsetTime..OffsetTime (${r.onsetTime}..${r.offsetTime} s); the apex is left unknown`,
        where,
      );
      apexTime = null;
    }
    const trial = parseTrialName(r.filename);
    if (!trial) {
      issues.warn(
        'mmme.filename',
        'Filename does not read as {emotion}_{stimulus}_{marker}_{participant}_{YYYYMMDD}.avi; the clip id uses the Estimated Emotion and Marker columns instead',
        where,
      );
    } else {
      if (trial.marker !== r.marker)
        issues.warn(
          'mmme.marker-mismatch',
          `Filename has marker ${trial.marker}, the Marker column ${r.marker}; using the column`,
          where,
        );
      if (trial.name.toLowerCase() !== r.name.trim().toLowerCase())
        issues.warn(
          'mmme.name-mismatch',
          'the participant named in Filename differs from the Subject column; the subject is taken from Subject',
          where,
        );
    }
    const emotion = r.emotion;
    if (trial && emotion && emotion.toLowerCase() !== trial.emotion)
      issues.warn(
        'mmme.emotion-mismatch',
        `Estimated Emotion '${emotion}' differs from the emotion '${trial.emotion}' in Filename; the sheet's Estimated Emotion is used`,
        where,
      );
    const clocks = (['onsetFrame', 'apexFrame', 'offsetFrame'] as const).map((h) => {
      const value = cells[h];
      const clock = parseClock(cellText(value));
      if (value !== null && clock === null)
        issues.warn(
          'mmme.timestamp',
          `${read.labels[h]} ${showCell(value)} is not a clock time HH-MM-SS-mmm or HH-MM-SS-mmm-ccc; it cannot locate .tif frames`,
          where,
        );
      return clock;
    });
    const kindText = hasKindColumn ? r.kind : null;
    const kind = kindFromCell(kindText);
    if (hasKindColumn && kind === null)
      issues.warn(
        'mmme.kind',
        `Macro/Micro ${kindText === null ? '(empty)' : `'${kindText}'`} is neither Micro nor Macro; the kind is derived from the times instead`,
        where,
      );
    rows.push({
      row,
      name: r.name,
      filename: r.filename,
      trial,
      marker: r.marker,
      onsetTime: r.onsetTime,
      apexTime,
      offsetTime: r.offsetTime,
      onsetText: r.onsetTime.toFixed(2),
      onsetClock: clocks[0] ?? null,
      apexClock: clocks[1] ?? null,
      offsetClock: clocks[2] ?? null,
      ausCell: r.aus,
      emotion,
      kindCell: kindText,
      kind,
      annotated: r.date,
      dif: r.dif,
    });
  }
  const dataRows = read.dataRows;
  const version =
    dataRows === 944 && !hasKindColumn
      ? 'mmme-coding-public-944'
      : dataRows === 944 && hasKindColumn
        ? 'mmme-coding-combined-944'
        : `unknown (${dataRows} rows, ${hasKindColumn ? 'with' : 'without'} Macro/Micro)`;
  return {
    sheetName: table.name,
    rows,
    hasKindColumn,
    dataRows,
    // blank rows between data rows (docs/datasets.md §4.2 notes they occur); trailing ones are formatting
    blankRows: all.filter((r) => r.row < lastDataRow && isBlankRecord(r)).length,
    rejected,
    version,
  };
}
