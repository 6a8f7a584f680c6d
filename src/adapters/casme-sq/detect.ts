import path from 'node:path';
import { listFiles, relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { Confidence } from '../adapter.js';
import { type FolderDetection, folderDetection } from '../kit/detect-folders.js';
import { findLayouts } from './layout.js';
import { isCasmeSqWorkbook } from './sheet.js';

/**
 * Workbooks that may be the CAS(ME)² sheet, by name: `CAS(ME)^2code_final.xlsx` (official),
 * `code_final.xlsx` (MEAN), `CASME_sq_gt.xlsx` (MTSN), `CAS.xlsx` (the `###` copy), §1.2, §1.4.
 * The official name first; the content decides (isCasmeSqWorkbook).
 */
const SHEET_NAME = /(cas|code).*\.xlsx?$/i;

export async function findSheets(dir: string): Promise<string[]> {
  const rank = (f: string) =>
    /^cas\(me\)\^?2code_final\.xlsx$/i.test(f) ? 0 : /code_final/i.test(f) ? 1 : 2;
  return (await listFiles(dir))
    .filter((f) => SHEET_NAME.test(f) && !f.startsWith('~$'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((f) => path.join(dir, f));
}

/** The candidate sheets that are CAS(ME)² sheets (three tabs, naming rules, header-less rows). */
export async function findCasmeSqSheets(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of await findSheets(dir)) {
    try {
      if (isCasmeSqWorkbook(await readWorkbook(file))) out.push(file);
    } catch {
      // an unreadable workbook is not evidence; scan reports it if the user names it with --sheet
    }
  }
  return out;
}

/** `high` needs the sheet (with its naming-rule tabs) and a frame layout; either alone is `medium`. */
export async function detectIn(dir: string): Promise<FolderDetection> {
  const evidence: string[] = [];
  const [sheet] = await findCasmeSqSheets(dir);
  if (sheet)
    evidence.push(`CAS(ME)² sheet ${path.basename(sheet)} with 'naming rule1' and 'naming rule2' tabs`);
  const layouts = await findLayouts(dir);
  for (const l of layouts)
    evidence.push(`frame folder ${relativePosix(dir, l.dir)}/ with ${l.subjects.length} subject folders`);
  let confidence: Confidence = 'none';
  if (sheet && layouts.length > 0) confidence = 'high';
  else if (sheet || layouts.some((l) => l.layout.id !== 'cropped')) confidence = 'medium';
  else if (layouts.length > 0) confidence = 'low';
  return folderDetection(
    dir,
    confidence,
    evidence,
    "no CAS(ME)^2code_final.xlsx (tabs 'naming rule1', 'naming rule2') and no rawpic/, longVideoFaceCropped/, selectedpic/ or cropped/ folder with subject folders",
  );
}
