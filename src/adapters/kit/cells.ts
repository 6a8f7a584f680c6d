import { z } from 'zod';
import { type Cell, cellInt, cellNumber, cellText } from '../../sources/cells.js';

/**
 * zod schemas for one sheet cell, for the row schemas adapters declare. A failed check's message
 * completes "<column as written> <cell as shown> …" (`OnsetFrame 'n/a' is not a whole number`).
 */
const anyCell = z.custom<Cell>(
  (v) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  { message: 'is not a cell value' },
);

function required<T>(read: (c: Cell) => T | null, message: string) {
  return anyCell.transform((c, ctx) => {
    const value = read(c);
    if (value === null) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return value;
  });
}

export const cell = {
  /** The cell as SheetJS gives it (text, number, boolean or null), for values kept as written (AUs). */
  raw: () => anyCell,
  /** Trimmed text; an empty cell fails. */
  text: () => required(cellText, 'is empty'),
  /** Trimmed text, or null when empty. */
  optionalText: () => anyCell.transform((c) => cellText(c)),
  /** A whole number from a number or numeric text (`'046'`); anything else fails. */
  int: () => required(cellInt, 'is not a whole number'),
  /** A whole number, or null when the cell holds none (reported by the adapter where it matters). */
  optionalInt: () => anyCell.transform((c) => cellInt(c)),
  /** A finite number, or null. */
  optionalNumber: () => anyCell.transform((c) => cellNumber(c)),
  /** Trimmed text that must match `pattern`; `what` completes the message (`is not a subject number`). */
  matching: (pattern: RegExp, what: string) =>
    required((c) => {
      const t = cellText(c);
      return t !== null && pattern.test(t) ? t : null;
    }, what),
};
