import { relativePosix } from '../../sources/fs.js';
import type { Confidence } from '../adapter.js';
import { type FolderDetection, folderDetection } from '../kit/detect-folders.js';
import { findMicroSheets, isMicroSheet } from './find-sheets.js';
import { findMicroFrames } from './layout.js';

/** `high` needs the micro sheet and the subject/clip folders; the folders alone are `medium`. */
export async function detectIn(dir: string): Promise<FolderDetection> {
  const evidence: string[] = [];
  const frames = await findMicroFrames(dir);
  let sheetOk = false;
  for (const s of await findMicroSheets(frames ? [dir, frames.dir] : [dir])) {
    if (await isMicroSheet(s)) {
      evidence.push(
        `micro sheet ${relativePosix(dir, s)} with a Subject/Filename/Onset Frame/Estimated Emotion header`,
      );
      sheetOk = true;
      break;
    }
  }
  if (frames)
    evidence.push(
      `${relativePosix(dir, frames.dir) || '.'}/ holds ${frames.subjects.length} subject folders (006/) with sss_n_k clip folders`,
    );
  // a micro sheet alone (e.g. beside SAMM_longvideos/) is weak evidence: the frames are what we convert
  const confidence: Confidence = sheetOk && frames ? 'high' : frames ? 'medium' : sheetOk ? 'low' : 'none';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no SAMM micro sheet (SAMM_Micro_FACS_Codes_v2.xlsx) and no 3-digit subject folders holding sss_n_k clip folders',
  );
}
