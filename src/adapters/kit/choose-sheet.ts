import path from 'node:path';
import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';

export interface ChooseSheetOptions {
  root: string;
  /** `--sheet`: used as given, nothing else is looked at. */
  given: string | undefined;
  /** The candidate sheets found, best first. */
  found: readonly string[];
  /** What the sheet is, for messages: `coding sheet`, `micro sheet`. */
  what: string;
  /** The error's text when nothing was found: what file was expected, and where. */
  missing: string;
}

/**
 * The annotation sheet a scan reads: `--sheet`, else the first candidate. Several candidates are
 * worth a warning naming them all (`sheet.several-sheets`); none is an error naming the folder.
 */
export function chooseSheet(opts: ChooseSheetOptions, issues: IssueLog): string {
  if (opts.given) return path.resolve(opts.given);
  const [first] = opts.found;
  if (!first)
    throw new MeUnifyError(`${opts.root}: ${opts.missing}, or pass --sheet <file>`, { file: opts.root });
  if (opts.found.length > 1)
    issues.warn(
      'sheet.several-sheets',
      `several ${opts.what}s found (${opts.found.map((s) => relativePosix(opts.root, s)).join(', ')}); using ${relativePosix(opts.root, first)}. Pass --sheet to choose another`,
      { file: relativePosix(opts.root, first) },
    );
  return first;
}
