import { relativePosix } from '../../sources/fs.js';
import type { Confidence, Detection } from '../adapter.js';
import { folderDetection } from '../kit/detect-folders.js';
import { findLongVideoFrames } from '../samm/layout.js';
import { findLongVideoSheets, isLongVideoSheet } from './find-sheets.js';

/** How sure we are that `dir` holds SAMM Long Videos: a long-video sheet and sss_n video folders. */
export async function detectLongVideosIn(dir: string): Promise<Omit<Detection, 'adapter'>> {
  const evidence: string[] = [];
  const frames = await findLongVideoFrames(dir);
  let sheetOk = false;
  for (const s of await findLongVideoSheets(frames ? [dir, frames.dir] : [dir])) {
    if (await isLongVideoSheet(s)) {
      evidence.push(
        `long-video sheet ${relativePosix(dir, s)} with a Subject/Filename/Onset/Offset/Type header`,
      );
      sheetOk = true;
      break;
    }
  }
  if (frames)
    evidence.push(
      `${relativePosix(dir, frames.dir) || '.'}/ holds ${frames.videos.length} sss_n video folders`,
    );
  let confidence: Confidence = 'none';
  if (sheetOk && frames) confidence = 'high';
  else if (frames?.named) confidence = 'medium';
  else if (sheetOk || frames) confidence = 'low';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no SAMM long-video sheet (SAMM_LongVideos_V*_Release.xlsx) and no SAMM_longvideos/ folder with sss_n video folders',
  );
}
