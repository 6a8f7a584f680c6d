import { relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { Confidence, Detection } from '../adapter.js';
import { folderDetection } from '../kit/detect-folders.js';
import { findSmicESubsets } from '../smic/layout.js';
import { hasSmicEHeader } from './sheet.js';

/** How sure we are that `dir` holds SMIC-E: long-clip folders and an annotation sheet per camera. */
export async function detectSmicEIn(dir: string): Promise<Omit<Detection, 'adapter'>> {
  const subsets = await findSmicESubsets(dir);
  const evidence: string[] = [];
  let sheetOk = false;
  let clipsOk = false;
  for (const s of subsets) {
    if (s.clipsDir) {
      clipsOk = true;
      evidence.push(`${relativePosix(dir, s.clipsDir) || '.'}/ with ${s.subjects.length} subject folders`);
    }
    for (const file of s.sheets) {
      try {
        if ((await readWorkbook(file)).sheets.some((t) => hasSmicEHeader(t.rows))) {
          sheetOk = true;
          evidence.push(`annotation ${relativePosix(dir, file)} with a Subject/Filename/OnsetF header`);
          break;
        }
      } catch {
        // an unreadable sheet is no evidence; scan reports it
      }
    }
  }
  const confidence: Confidence =
    sheetOk && clipsOk ? 'high' : sheetOk || clipsOk ? 'medium' : subsets.length > 0 ? 'low' : 'none';
  return folderDetection(
    dir,
    confidence,
    evidence,
    "no HS_long/ (VIS_long/, NIR_long/) folder holding SMIC-HS-E/…/s01/ clip folders or SMIC-HS-E_annotation.xlsx (the download's 'SMIC-E_raw image/' folder)",
  );
}
