import path from 'node:path';
import { readWorkbook } from '../../sources/sheet.js';
import { findFiles, MICRO_SHEET_FILE } from './layout.js';
import { findMicroTable } from './sheet.js';

/**
 * Micro sheets under `dirs`, the undated name first (the dated one is the same release,
 * docs/datasets.md §2.3). Shared on purpose with samm-lv/, which joins emotions from this sheet.
 */
export async function findMicroSheets(dirs: readonly string[]): Promise<string[]> {
  const files = await findFiles(dirs, MICRO_SHEET_FILE);
  const rank = (f: string) => (/\d{8}/.test(path.basename(f)) ? 1 : 0);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** True when the file is a readable workbook with the micro header. */
export async function isMicroSheet(file: string): Promise<boolean> {
  try {
    return findMicroTable(await readWorkbook(file)) !== null;
  } catch {
    return false;
  }
}
