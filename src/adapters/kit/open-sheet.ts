import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook, type Workbook } from '../../sources/sheet.js';
import { type ChooseSheetOptions, chooseSheet } from './choose-sheet.js';

export interface OpenedSheet<T> {
  /** The sheet file (absolute) and as reports name it (relative to the root). */
  file: string;
  relFile: string;
  workbook: Workbook;
  sheet: T;
}

/**
 * Chooses the annotation sheet (chooseSheet), reads it and parses it with the adapter's reader;
 * a workbook the reader does not recognise is an error naming the file and what was expected.
 */
export async function openSheet<T>(
  choice: ChooseSheetOptions,
  parse: (workbook: Workbook, relFile: string) => T | null,
  expected: string | ((workbook: Workbook) => string),
  issues: IssueLog,
): Promise<OpenedSheet<T>> {
  const file = chooseSheet(choice, issues);
  const relFile = relativePosix(choice.root, file);
  const workbook = await readWorkbook(file);
  const sheet = parse(workbook, relFile);
  if (sheet === null)
    throw new MeUnifyError(`${file}: ${typeof expected === 'string' ? expected : expected(workbook)}`, {
      file,
    });
  return { file, relFile, workbook, sheet };
}
