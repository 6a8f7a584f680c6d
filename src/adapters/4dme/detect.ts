import path from 'node:path';
import { listFiles, relativePosix } from '../../sources/fs.js';
import type { Confidence } from '../adapter.js';
import { type FolderDetection, firstSheetWithHeader, folderDetection } from '../kit/detect-folders.js';
import { findLayouts } from './layout.js';
import { hasReleaseHeader } from './sheet.js';

/** `4DME_Labelling_Micro_release v1.xlsx` and older labelling sheets; the extras sheet is read beside it (docs/datasets-more.md §4). */
const SHEET_NAME = /^4dme_labelling_micro.*\.(xlsx|xls|csv)$/i;
const EXTRAS_NAME = /^4dme_labelling_micro_extras.*\.(xlsx|xls|csv)$/i;

/** Label sheets in a folder, the release sheet first. */
export async function findSheets(dir: string): Promise<string[]> {
  const files = (await listFiles(dir)).filter((f) => SHEET_NAME.test(f) && !EXTRAS_NAME.test(f));
  const rank = (f: string) => (/release/i.test(f) ? 0 : 1);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => path.join(dir, f));
}

export async function findExtras(dir: string): Promise<string | null> {
  const file = (await listFiles(dir)).find((f) => EXTRAS_NAME.test(f));
  return file ? path.join(dir, file) : null;
}

/** `high` needs the label sheet with its header and a gray_micro/ folder; either alone is `medium`. */
export async function detectIn(dir: string): Promise<FolderDetection> {
  const evidence: string[] = [];
  const sheet = await firstSheetWithHeader(await findSheets(dir), hasReleaseHeader);
  const sheetOk = sheet !== null;
  if (sheet) evidence.push(`label sheet ${path.basename(sheet)} with a sub_ID/fold_name/Onset header`);
  const layouts = await findLayouts(dir);
  for (const l of layouts)
    evidence.push(`folder ${relativePosix(dir, l.dir)}/ with ${l.subjects.length} subject folders`);
  let confidence: Confidence = 'none';
  if (sheetOk && layouts.length > 0) confidence = 'high';
  else if (sheetOk || layouts.length > 0) confidence = 'medium';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no 4DME label sheet (4DME_Labelling_Micro_release v1.xlsx) and no gray_micro/ folder',
  );
}
