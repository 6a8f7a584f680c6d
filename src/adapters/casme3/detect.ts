import type { Cell } from '../../sources/cells.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { Confidence } from '../adapter.js';
import { type FolderDetection, folderDetection } from '../kit/detect-folders.js';
import { findCasme3Files } from './layout.js';
import { hasLabelHeader, hasPartCHeader, hasSpottingHeader } from './sheet.js';
import { labelSheets, partCSheets, spottingSheets } from './sheets.js';

/**
 * Sheets count as evidence only this close to the folder (`annotation/`, `part_A/annotation/`), so the
 * folder above a download does not claim it: the download itself is the dataset's folder.
 */
const SHEET_DEPTH = 2;

async function sheetHas(file: string, test: (rows: readonly Cell[][]) => boolean): Promise<boolean> {
  try {
    return (await readWorkbook(file)).sheets.some((s) => test(s.rows));
  } catch {
    return false;
  }
}

/** `high` needs a sheet with its header and the frames it describes (Part A or Part C); either alone is `medium`. */
export async function detectIn(dir: string): Promise<FolderDetection> {
  const files = await findCasme3Files(dir);
  const near = files.sheets.filter((f) => relativePosix(dir, f).split('/').length <= SHEET_DEPTH + 1);
  const evidence: string[] = [];
  const first = async (found: string[], test: (rows: readonly Cell[][]) => boolean, what: string) => {
    for (const f of found)
      if (await sheetHas(f, test)) {
        evidence.push(`${what} ${relativePosix(dir, f)}`);
        return true;
      }
    return false;
  };
  const partASheet =
    (await first(labelSheets(near), hasLabelHeader, 'JpgIndex label sheet')) ||
    (await first(spottingSheets(near), hasSpottingHeader, 'spotting sheet'));
  const partCSheet = await first(partCSheets(near), hasPartCHeader, 'Part C sheet');
  const partAFrames = files.taskVideos.length > 0 || files.meClips.length > 0;
  for (const t of files.taskVideos)
    evidence.push(`${relativePosix(dir, t.dir) || '.'}/ holds ${t.subjects.size} spNO.<n> folders`);
  for (const c of files.meClips)
    evidence.push(
      `${relativePosix(dir, c.dir) || '.'}/ holds ${c.clips.size} spNO.<n>_<task>_<onset> ME clips`,
    );
  for (const c of files.partC) evidence.push(`${relativePosix(dir, c.dir)}/ holds Part C subject folders`);
  let confidence: Confidence = 'none';
  if ((partASheet && partAFrames) || (partCSheet && files.partC.length > 0)) confidence = 'high';
  else if (partASheet || partCSheet || partAFrames) confidence = 'medium';
  else if (files.partC.length > 0) confidence = 'low';
  return folderDetection(
    dir,
    confidence,
    evidence,
    `no CAS(ME)^3 label sheet (cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx) and no folder of spNO.<n> subject folders`,
  );
}
