import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellNumber, cellText, showCell } from '../../sources/cells.js';
import {
  findHeaderRow,
  isBlankRecord,
  normaliseHeader,
  recordsBelow,
  type SheetRecord,
  type Workbook,
} from '../../sources/sheet.js';
import { type Kind, kindFromCell } from './kind.js';
import { type ClockTime, parseClock } from './timestamps.js';

/**
 * The MMME coding sheet (docs/datasets.md §4.2): `Subject, Filename, Marker, OnsetTime, ApexTime,
 * OffsetTime, OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion,
 * [Macro/Micro], Date, dif`. Header names are compared after normaliseHeader().
 */
const REQUIRED = ['subject', 'filename', 'marker', 'onsettime', 'offsettime'];
const KIND_HEADERS = ['macro/micro', 'micro/macro', 'macro/micro expression', 'expression type', 'type'];

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

const RowSchema = z.object({
  name: z.string().min(1, 'Subject is empty'),
  filename: z.string().min(1, 'Filename is empty'),
  marker: z.number({ error: 'Marker is not a number' }).int('Marker is not a whole number').positive(),
  onsetTime: z.number({ error: 'OnsetTime is not a number of seconds' }).nonnegative('OnsetTime is negative'),
  offsetTime: z
    .number({ error: 'OffsetTime is not a number of seconds' })
    .nonnegative('OffsetTime is negative'),
});

function pick(record: SheetRecord, names: readonly string[]): Cell {
  for (const n of names) if (record.cells.has(n)) return record.cells.get(n) ?? null;
  return null;
}

export function hasMmmeHeader(rows: readonly Cell[][]): boolean {
  return findHeaderRow(rows, REQUIRED) >= 0;
}

/** The Subject column of a sheet (for pseudonyms across every sheet of a download). */
export function subjectNames(wb: Workbook): string[] {
  const table = wb.sheets.find((s) => hasMmmeHeader(s.rows));
  if (!table) return [];
  const records = recordsBelow(table.rows, findHeaderRow(table.rows, REQUIRED));
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
  const table = wb.sheets.find((s) => hasMmmeHeader(s.rows));
  if (!table) return null;
  const headerIndex = findHeaderRow(table.rows, REQUIRED);
  const all = recordsBelow(table.rows, headerIndex);
  const records = all.filter((r) => !isBlankRecord(r));
  const header = new Set((table.rows[headerIndex] ?? []).map(normaliseHeader));
  const hasKindColumn = KIND_HEADERS.some((h) => header.has(h));
  const rows: MmmeRow[] = [];
  let rejected = 0;
  for (const record of records) {
    const at = { file: displayFile, row: record.row };
    const name = cellText(record.cells.get('subject'));
    const filename = cellText(record.cells.get('filename'));
    const markerCell = record.cells.get('marker');
    const onsetCell = record.cells.get('onsettime');
    const offsetCell = record.cells.get('offsettime');
    const parsed = RowSchema.safeParse({
      name: name ?? '',
      filename: filename ?? '',
      marker: cellNumber(markerCell),
      onsetTime: cellNumber(onsetCell),
      offsetTime: cellNumber(offsetCell),
    });
    const subject = name ? sampleOf(name) : null;
    const where = subject ? { ...at, sample: subject } : at;
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => i.message).join('; ');
      issues.error(
        'sheet.bad-row',
        `${why} (Marker ${showCell(markerCell)}, OnsetTime ${showCell(onsetCell)}, OffsetTime ${showCell(offsetCell)}); expected a participant, a trial file name, a marker and times in seconds`,
        where,
      );
      rejected++;
      continue;
    }
    const r = parsed.data;
    if (r.offsetTime < r.onsetTime) {
      issues.error(
        'sheet.bad-row',
        `OffsetTime ${r.offsetTime} s is before OnsetTime ${r.onsetTime} s; expected onset ≤ offset`,
        where,
      );
      rejected++;
      continue;
    }
    const apexCell = record.cells.get('apextime') ?? null;
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
    const emotion = cellText(pick(record, ['estimated emotion', 'emotion']));
    if (trial && emotion && emotion.toLowerCase() !== trial.emotion)
      issues.warn(
        'mmme.emotion-mismatch',
        `Estimated Emotion '${emotion}' differs from the emotion '${trial.emotion}' in Filename; the sheet's Estimated Emotion is used`,
        where,
      );
    const clocks = (['onsetframe', 'apexframe', 'offsetframe'] as const).map((h) => {
      const cell = record.cells.get(h) ?? null;
      const clock = parseClock(cellText(cell));
      if (cell !== null && clock === null)
        issues.warn(
          'mmme.timestamp',
          `${h === 'onsetframe' ? 'OnsetFrame' : h === 'apexframe' ? 'ApexFrame' : 'OffsetFrame'} ${showCell(cell)} is not a clock time HH-MM-SS-mmm or HH-MM-SS-mmm-ccc; it cannot locate .tif frames`,
          where,
        );
      return clock;
    });
    const kindText = hasKindColumn ? cellText(pick(record, KIND_HEADERS)) : null;
    const kind = kindFromCell(kindText);
    if (hasKindColumn && kind === null)
      issues.warn(
        'mmme.kind',
        `Macro/Micro ${kindText === null ? '(empty)' : `'${kindText}'`} is neither Micro nor Macro; the kind is derived from the times instead`,
        where,
      );
    const difCell = record.cells.get('dif');
    rows.push({
      row: record.row,
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
      ausCell: pick(record, ['action units', 'action unit', 'aus']),
      emotion,
      kindCell: kindText,
      kind,
      annotated: cellText(record.cells.get('date')),
      dif: cellNumber(difCell),
    });
  }
  const version =
    records.length === 944 && !hasKindColumn
      ? 'mmme-coding-public-944'
      : records.length === 944 && hasKindColumn
        ? 'mmme-coding-combined-944'
        : `unknown (${records.length} rows, ${hasKindColumn ? 'with' : 'without'} Macro/Micro)`;
  return {
    sheetName: table.name,
    rows,
    hasKindColumn,
    dataRows: records.length,
    // blank rows between data rows (docs/datasets.md §4.2 notes they occur); trailing ones are formatting
    blankRows: all.filter((r) => r.row < (records[records.length - 1]?.row ?? 0) && isBlankRecord(r)).length,
    rejected,
    version,
  };
}
