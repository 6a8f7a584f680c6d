import path from 'node:path';
import { listFiles, relativePosix } from '../../sources/fs.js';
import type { Confidence } from '../adapter.js';
import { type FolderDetection, firstSheetWithHeader, folderDetection } from '../kit/detect-folders.js';
import { findLayouts } from './layout.js';
import { hasCasme2Header } from './sheet.js';

const SHEET_NAME = /^casme2.*\.(xlsx|xls|csv)$/i;
export const OBJECTIVE_SHEET = /^casme2.*objective.*\.(xlsx|xls)$/i;

/** Coding sheets in a folder, the MEGC reference (2014) first (docs/datasets.md §6.2: pin the 2014 labels). */
export async function findSheets(dir: string): Promise<string[]> {
  const files = (await listFiles(dir)).filter((f) => SHEET_NAME.test(f) && !OBJECTIVE_SHEET.test(f));
  const rank = (f: string) => (/20140508/.test(f) ? 0 : /20190701/.test(f) ? 1 : 2);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => path.join(dir, f));
}

/** `high` needs a coding sheet with its header and a frame layout; either alone is `medium`. */
export async function detectIn(dir: string): Promise<FolderDetection> {
  const evidence: string[] = [];
  const sheet = await firstSheetWithHeader(await findSheets(dir), hasCasme2Header);
  const sheetOk = sheet !== null;
  if (sheet) evidence.push(`coding sheet ${path.basename(sheet)} with a Subject/Filename/OnsetFrame header`);
  const layouts = await findLayouts(dir);
  for (const l of layouts)
    evidence.push(`frame folder ${relativePosix(dir, l.dir)}/ with ${l.subjects.length} subNN folders`);
  const namedLayout = layouts.some((l) => l.id !== 'cropped');
  let confidence: Confidence = 'none';
  if (sheetOk && layouts.length > 0) confidence = 'high';
  else if (sheetOk || namedLayout) confidence = 'medium';
  else if (layouts.length > 0) confidence = 'low';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no CASME II coding sheet (CASME2-coding-*.xlsx) and no CASME2_RAW_selected/, Cropped/ or CASME2-RAW/ folder with subNN folders',
  );
}
