import path from 'node:path';
import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { isInside, listDirs, listFiles, relativePosix } from '../../sources/fs.js';
import { readWorkbook, type Workbook } from '../../sources/sheet.js';
import { SHEET_FILE } from './media.js';
import { annotatorInSheetName, makeRedactor } from './pseudonyms.js';
import { hasMmmeHeader } from './sheet.js';

export async function readSheetSafely(file: string): Promise<Workbook | null> {
  try {
    return await readWorkbook(file);
  } catch {
    return null;
  }
}

/** Coding sheets near the root (root and two levels down), most useful first. */
export async function nearbySheets(root: string, depth = 2): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, level: number) => {
    for (const f of await listFiles(dir))
      if (SHEET_FILE.test(f) && !f.startsWith('~$')) out.push(path.join(dir, f));
    if (level < depth)
      for (const d of await listDirs(dir)) if (!d.startsWith('.')) await visit(path.join(dir, d), level + 1);
  };
  await visit(root, 0);
  return rankSheets(out);
}

/**
 * `coding_file_combined.xlsx` first (it has Macro/Micro and is what the authors' notebook reads,
 * docs/datasets.md §4.2), then the public `coding_file.xlsx`, then per-annotator copies.
 */
export function rankSheets(files: readonly string[]): string[] {
  const rank = (f: string) => {
    const b = path.basename(f).toLowerCase();
    return /^coding_file_combined\./.test(b) ? 0 : /^coding_file\./.test(b) ? 1 : 2;
  };
  return [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The sheet's name as written in outputs: an annotator's name in `coding_file_<name>.xlsx` is replaced. */
export function sheetDisplayName(root: string, file: string): string {
  const rel = isInside(root, file) ? relativePosix(root, file) : path.basename(file);
  const annotator = annotatorInSheetName(file);
  return annotator ? makeRedactor(new Map([[annotator, 'annotator']]))(rel) : rel;
}

export async function firstMmmeSheet(files: readonly string[]): Promise<string | undefined> {
  for (const f of files) {
    const wb = await readSheetSafely(f);
    if (wb?.sheets.some((s) => hasMmmeHeader(s.rows))) return f;
  }
  return undefined;
}

/** The coding sheet a scan reads: the given one, else the best-ranked sheet with the MMME header. */
export interface CodingSheet {
  /** Every coding sheet under the root, most useful first. */
  sheetFiles: string[];
  sheetFile: string;
  /** `sheetFile` as written in outputs and messages (no annotator's name). */
  displaySheet: string;
  workbook: Workbook;
}

export async function openCodingSheet(
  root: string,
  sheets: readonly string[],
  givenSheet: string | null,
  issues: IssueLog,
): Promise<CodingSheet> {
  const sheetFiles = rankSheets(sheets);
  const sheetFile = givenSheet ? path.resolve(givenSheet) : ((await firstMmmeSheet(sheetFiles)) ?? null);
  if (!sheetFile)
    throw new MeUnifyError(
      `${root}: no MMME coding sheet found; expected coding_file.xlsx (or coding_file_combined.xlsx, coding_file_<annotator>.xlsx) with columns Subject, Filename, Marker, OnsetTime, OffsetTime somewhere in this folder, or pass --sheet <file>`,
      { file: root },
    );
  const displaySheet = sheetDisplayName(root, sheetFile);
  if (!givenSheet && sheetFiles.length > 1)
    issues.warn(
      'sheet.several-sheets',
      `several coding sheets found (${sheetFiles.map((f) => sheetDisplayName(root, f)).join(', ')}); reading ${displaySheet}. Pass --sheet to choose another`,
      { file: displaySheet },
    );
  const workbook = await readWorkbook(sheetFile).catch((err: unknown) => {
    throw new MeUnifyError(
      `${displaySheet}: cannot read this spreadsheet (${err instanceof MeUnifyError ? err.message.replace(sheetFile, displaySheet) : String(err)})`,
      { file: displaySheet },
    );
  });
  return { sheetFiles, sheetFile, displaySheet, workbook };
}
