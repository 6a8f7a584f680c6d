import pLimit from 'p-limit';
import type { IssueLog } from '../../issues/issues.js';
import type { IssueInput } from '../../schema/issue.js';

/** Clip folders read at once: enough to hide disk latency, few enough to keep file handles low. */
export const CLIP_CONCURRENCY = 16;

export interface RowsToSamples<R, T> {
  rows: readonly R[];
  /** The sample id a row produces; two rows with one id are a duplicate. */
  idOf(row: R): string;
  /** Where a row is, for the duplicate report (file and row). */
  where(row: R): Omit<IssueInput, 'severity' | 'code' | 'message'>;
  /** How the duplicate is named in its message (defaults to the id). */
  describe?(row: R, id: string): string;
  /** What one id may have, for the duplicate's message (default `one row per clip`). */
  expectation?: string;
  /** Builds the row's sample(s), or null after reporting why it cannot. */
  build(row: R, id: string): Promise<T | null>;
}

export interface RowsResult<T> {
  built: T[];
  /** Every id listed by the sheet (duplicates once): folders outside it are unlisted. */
  listed: Set<string>;
  /** Rows that produced nothing: duplicates and rows whose build failed (already reported). */
  failed: number;
}

/**
 * The row loop every sheet-driven adapter runs: one sample per row, the second row with an id
 * reported (`sheet.duplicate-clip`) and skipped, clips read concurrently but results kept in
 * sheet order.
 */
export async function rowsToSamples<R, T>(
  loop: RowsToSamples<R, T>,
  issues: IssueLog,
): Promise<RowsResult<T>> {
  const firstWhere = new Map<string, ReturnType<RowsToSamples<R, T>['where']>>();
  const limit = pLimit(CLIP_CONCURRENCY);
  const results = await Promise.all(
    loop.rows.map((row) => {
      const id = loop.idOf(row);
      const first = firstWhere.get(id);
      if (first) {
        const there = typeof first.row === 'number' ? `on row ${first.row}` : (first.file ?? 'before');
        issues.error(
          'sheet.duplicate-clip',
          `${loop.describe?.(row, id) ?? id} is listed twice, here and ${there}; expected ${loop.expectation ?? 'one row per clip'}`,
          { sample: id, ...loop.where(row) },
        );
        return null;
      }
      firstWhere.set(id, loop.where(row));
      return limit(() => loop.build(row, id));
    }),
  );
  const built = results.filter((r): r is Awaited<T> & T => r !== null);
  return { built, listed: new Set(firstWhere.keys()), failed: results.length - built.length };
}
