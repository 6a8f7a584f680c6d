/** Text a spreadsheet would run as a formula (OWASP CSV injection): =, +, -, @, tab, carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell of text, as every CSV me-unify writes spells it: quoted where RFC 4180 needs it, and
 * text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`) prefixed with
 * `'` so it stays text (OWASP CSV injection rule). Numbers are written by the caller, never through
 * this, so negative numbers stay numbers. JSONL and Parquet keep the exact text.
 */
export function csvText(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}
