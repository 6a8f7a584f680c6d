import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook, type Workbook } from '../../sources/sheet.js';
import type { SmicESubsetDir } from '../smic/layout.js';
import { parseSmicESheet, type SmicESheet, smicETable } from './sheet.js';

/** One camera's annotation sheet, parsed, with the workbook it came from. */
export interface SubsetSheet {
  file: string;
  rel: string;
  workbook: Workbook;
  sheet: SmicESheet;
}

/** The sheet for one camera: --sheet, its own annotation file, or the tab of that name in another camera's file. */
export async function subsetSheet(
  root: string,
  subset: SmicESubsetDir,
  all: readonly SmicESubsetDir[],
  given: string | undefined,
  issues: IssueLog,
): Promise<SubsetSheet | null> {
  const name = subset.subset.toUpperCase();
  const candidates = given
    ? [path.resolve(given)]
    : [...subset.sheets, ...all.filter((s) => s !== subset).flatMap((s) => s.sheets)];
  if (!given && subset.sheets.length > 1) {
    issues.warn(
      'sheet.several-sheets',
      `several ${name} annotation sheets found (${subset.sheets.map((s) => path.basename(s)).join(', ')}); using ${path.basename(subset.sheets[0] as string)}. Pass --sheet to choose another`,
      { file: relativePosix(root, subset.sheets[0] as string) },
    );
  }
  for (const file of candidates) {
    const workbook = await readWorkbook(file);
    const table = smicETable(workbook, subset.subset);
    if (!table) continue;
    const rel = path.isAbsolute(relativePosix(root, file)) ? file : relativePosix(root, file);
    if (!subset.sheets.includes(file) && !given)
      issues.info('smic-e.sheet-from-other-file', `${name} rows read from tab '${table.name}' of ${rel}`, {
        file: rel,
      });
    const sheet = parseSmicESheet(table, rel, subset.subset, issues);
    issues.info(
      'sheet.version',
      `read ${sheet.dataRows} ${name} rows of tab '${sheet.sheetName}', recognised as ${sheet.version}`,
      { file: rel },
    );
    for (const note of sheet.notes)
      issues.info('smic-e.sheet-note', `text row, not a clip, left out: ${JSON.stringify(note.text)}`, {
        file: rel,
        row: note.row,
      });
    return { file, rel, workbook, sheet };
  }
  issues.error(
    'smic-e.no-sheet',
    `no annotation sheet with a ${name} tab (Subject, Filename, OnsetF, OffsetF…) for ${relativePosix(root, subset.dir) || '.'}/; its clips are not converted. Expected SMIC-${name}-E_annotation.xlsx there, or pass --sheet`,
    { file: relativePosix(root, subset.dir) || '.' },
  );
  return null;
}
