import path from 'node:path';
import type { Detection } from '../adapter.js';
import { mediaEvidence } from './evidence.js';
import { nearbySheets, readSheetSafely, sheetDisplayName } from './find-sheets.js';
import { hasMmmeHeader } from './sheet.js';

/** `high` needs the coding sheet's header and media named the MMME way near it. */
export async function detectMmme(root: string): Promise<Detection> {
  const evidence: string[] = [];
  let sheetDir: string | null = null;
  for (const file of await nearbySheets(root)) {
    const wb = await readSheetSafely(file);
    if (wb?.sheets.some((s) => hasMmmeHeader(s.rows))) {
      evidence.push(
        `coding sheet ${sheetDisplayName(root, file)} with the MMME header (Subject, Filename, Marker, OnsetTime, OffsetTime)`,
      );
      sheetDir = path.dirname(file);
      break;
    }
  }
  // Media may sit beside the sheet or anywhere under the root (the layout is unpublished, §4.1).
  const nearSheet = sheetDir && sheetDir !== root ? await mediaEvidence(sheetDir) : [];
  const media = nearSheet.length > 0 ? nearSheet : await mediaEvidence(root);
  evidence.push(...media);
  const confidence = sheetDir ? (media.length > 0 ? 'high' : 'medium') : media.length > 0 ? 'low' : 'none';
  return {
    adapter: 'mmme',
    confidence,
    root: confidence === 'none' ? null : nearSheet.length > 0 && sheetDir ? sheetDir : root,
    evidence,
    reason:
      confidence === 'none'
        ? 'no MMME coding sheet (coding_file*.xlsx with Subject, Filename, Marker, OnsetTime, OffsetTime columns) and no trial videos or .tif frames named the MMME way'
        : null,
  } satisfies Detection;
}
