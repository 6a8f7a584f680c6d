import { parseActionUnits } from '../../aus/parse.js';
import type { IssueLog } from '../../issues/issues.js';
import type { IssueInput } from '../../schema/issue.js';
import type { ActionUnit } from '../../schema/sample.js';
import type { Cell } from '../../sources/cells.js';

/**
 * A sheet's AU cell as the sample keeps it: `aus_raw` exactly as written (a number cell becomes
 * its digits, docs/datasets.md §0.5) and the parsed AUs; text that is no AU (`?`, `soft focus`) is noted.
 */
export function actionUnitsOf(
  cell: Cell,
  issues: IssueLog,
  where: Omit<IssueInput, 'severity' | 'code' | 'message'>,
): { aus: ActionUnit[]; aus_raw: string | null } {
  const parsed = parseActionUnits(cell === null || typeof cell === 'boolean' ? null : cell);
  if (parsed.unparsed.length > 0)
    issues.info(
      'aus.unparsed',
      `Action Units ${JSON.stringify(String(cell))}: kept as written, not parsed: ${parsed.unparsed.join(', ')}`,
      where,
    );
  return { aus: parsed.aus, aus_raw: cell === null ? null : String(cell) };
}
