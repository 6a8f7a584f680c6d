import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import { chooseSheet } from '../kit/choose-sheet.js';
import { findFiles, LONG_SHEET_FILE, type LongVideoFrames } from '../samm/layout.js';
import { findLongVideoTable } from './sheet.js';

/**
 * Long-video sheets: release-named files, the newest release first (V3 before V2 before V1; .xlsx
 * before .xls), then any other workbook here whose content is a long-video table — the circulating
 * copies are not named after the release (`SAMMLV_gt.xlsx`, docs/datasets.md §2.5.1).
 */
export async function findLongVideoSheets(dirs: readonly string[]): Promise<string[]> {
  const files = await findFiles(dirs, LONG_SHEET_FILE);
  const release = (f: string) => Number(/_V(\d+)/i.exec(path.basename(f))?.[1] ?? 0);
  const xls = (f: string) => Number(/\.xls$/i.test(f));
  const named = files.sort((a, b) => release(b) - release(a) || xls(a) - xls(b) || a.localeCompare(b));
  const others: string[] = [];
  for (const f of (await findFiles(dirs, ANY_SHEET_FILE)).sort()) {
    if (!named.includes(f) && (await isLongVideoSheet(f))) others.push(f);
  }
  return [...named, ...others];
}

const ANY_SHEET_FILE = /^[^~.].*\.(xlsx|xlsm|xls)$/i;

export async function isLongVideoSheet(file: string): Promise<boolean> {
  try {
    return findLongVideoTable(await readWorkbook(file)) !== null;
  } catch {
    return false;
  }
}

/** The long-video sheet to read: --sheet, or the newest release here or in the frames folder. */
export async function chooseLongVideoSheet(
  root: string,
  frames: LongVideoFrames,
  given: string | undefined,
  issues: IssueLog,
): Promise<string> {
  return chooseSheet(
    {
      root,
      given,
      found: await findLongVideoSheets([root, frames.dir]),
      what: 'long-video sheet',
      missing: `no SAMM long-video sheet found; expected SAMM_LongVideos_V3_Release.xlsx (or V1/V2, .xls) here or in ${relativePosix(root, frames.dir) || '.'}/`,
    },
    issues,
  );
}
