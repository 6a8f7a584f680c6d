import path from 'node:path';
import { listFiles, relativePosix } from '../../sources/fs.js';
import type { Confidence } from '../adapter.js';
import { type FolderDetection, firstSheetWithHeader, folderDetection } from '../kit/detect-folders.js';
import { findMicroFolder } from './layout.js';
import { hasMmewHeader } from './sheet.js';

/** `MMEW_Micro_Exp.xlsx`, `_v2.xlsx`, ` (20).xlsx` and CSV conversions (docs/datasets-more.md §3). */
const SHEET_NAME = /^mmew_micro_exp.*\.(xlsx|xls|csv)$/i;

/** Micro sheets in the dataset folder and in its micro folder, the workbooks first, then by name. */
export async function findSheets(dir: string): Promise<string[]> {
  const micro = await findMicroFolder(dir);
  const found: string[] = [];
  for (const d of micro ? [dir, micro] : [dir])
    for (const f of await listFiles(d)) if (SHEET_NAME.test(f)) found.push(path.join(d, f));
  const rank = (f: string) => (/\.csv$/i.test(f) ? 1 : 0);
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** `high` needs the micro sheet with its header and the Micro_Expression folder; either alone is `medium`. */
export async function detectIn(dir: string): Promise<FolderDetection> {
  const evidence: string[] = [];
  const sheet = await firstSheetWithHeader(await findSheets(dir), hasMmewHeader);
  const sheetOk = sheet !== null;
  if (sheet)
    evidence.push(`micro sheet ${relativePosix(dir, sheet)} with a Subject/Filename/OnsetFrame header`);
  const micro = await findMicroFolder(dir);
  if (micro) evidence.push(`folder ${relativePosix(dir, micro)}/`);
  let confidence: Confidence = 'none';
  if (sheetOk && micro) confidence = 'high';
  else if (sheetOk || micro) confidence = 'medium';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no MMEW micro sheet (MMEW_Micro_Exp.xlsx) and no Micro_Expression/ folder',
  );
}
