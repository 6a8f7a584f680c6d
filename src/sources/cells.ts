/** A spreadsheet cell's cached value as SheetJS gives it (formulas are never evaluated). */
export type Cell = string | number | boolean | null;

/** Text of a cell, trimmed; numbers are written without a trailing `.0`. Empty → null. */
export function cellText(cell: Cell | undefined): string | null {
  if (cell === null || cell === undefined) return null;
  const text = typeof cell === 'string' ? cell.trim() : String(cell);
  return text === '' ? null : text;
}

/** An integer from a number or numeric text (`'046'`, `46`, `46.0`); anything else → null. */
export function cellInt(cell: Cell | undefined): number | null {
  const n = cellNumber(cell);
  return n !== null && Number.isInteger(n) ? n : null;
}

/** A finite number from a number or numeric text; anything else → null. */
export function cellNumber(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell !== 'string') return null;
  const text = cell.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return null;
  return Number(text);
}

/** How a cell looks in a message: text quoted, numbers bare, empty as `(empty)`. */
export function showCell(cell: Cell | undefined): string {
  if (cell === null || cell === undefined || cell === '') return '(empty)';
  return typeof cell === 'string' ? `'${cell}'` : String(cell);
}
