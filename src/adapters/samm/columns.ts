import type { Cell } from '../../sources/cells.js';
import { normaliseHeader, type SheetRecord } from '../../sources/sheet.js';

/** Header names as written in the SAMM sheets (docs/datasets.md §2.3, §2.5), after normaliseHeader(). */
export const COLUMNS = {
  subject: ['subject'],
  filename: ['filename', 'file name'],
  inducement: ['inducement code', 'inducement'],
  // the micro sheet writes `Onset Frame`, the long-video sheets `Onset`
  onset: ['onset frame', 'onsetframe', 'onset'],
  apex: ['apex frame', 'apexframe', 'apex'],
  offset: ['offset frame', 'offsetframe', 'offset'],
  duration: ['duration'],
  type: ['type', 'micro'],
  aus: ['action units', 'action unit', 'aus'],
  emotion: ['estimated emotion', 'emotion'],
  objective: ['objective classes', 'objective class'],
  notes: ['notes', 'note'],
} as const;
export type Column = keyof typeof COLUMNS;

export function hasColumn(names: ReadonlySet<string>, column: Column): boolean {
  return COLUMNS[column].some((n) => names.has(n));
}

/** The cell of the first alias present in the record (null when the column is absent). */
export function pick(record: SheetRecord, column: Column): Cell {
  for (const n of COLUMNS[column]) if (record.cells.has(n)) return record.cells.get(n) ?? null;
  return null;
}

/** The header text the sheet actually uses for a column, for messages (`Onset Frame`). */
export function columnLabel(header: readonly Cell[], column: Column): string {
  for (const cell of header) {
    if ((COLUMNS[column] as readonly string[]).includes(normaliseHeader(cell))) return String(cell).trim();
  }
  return COLUMNS[column][0];
}

/**
 * The first row (within `scan` rows) that `accept` takes as the header. Title and notes blocks
 * above the header differ between releases, so it is found by content (docs/datasets.md §0.2).
 */
export function findHeader(
  rows: readonly Cell[][],
  accept: (names: ReadonlySet<string>) => boolean,
  scan = 60,
): number {
  for (let i = 0; i < Math.min(rows.length, scan); i++) {
    if (accept(new Set((rows[i] ?? []).map(normaliseHeader)))) return i;
  }
  return -1;
}

/** Micro sheet: frame columns and the emotion (docs/datasets.md §2.3). */
export function isMicroHeader(names: ReadonlySet<string>): boolean {
  return (
    hasColumn(names, 'subject') &&
    hasColumn(names, 'filename') &&
    hasColumn(names, 'onset') &&
    hasColumn(names, 'offset') &&
    hasColumn(names, 'emotion')
  );
}

/** Long-video sheet: frame columns and `Type`, no emotion (docs/datasets.md §2.5). */
export function isLongVideoHeader(names: ReadonlySet<string>): boolean {
  return (
    hasColumn(names, 'subject') &&
    hasColumn(names, 'filename') &&
    hasColumn(names, 'onset') &&
    hasColumn(names, 'offset') &&
    names.has('type') &&
    !hasColumn(names, 'emotion')
  );
}
