import type { Workbook } from '../../sources/sheet.js';
import { readSheetSafely } from './find-sheets.js';
import {
  annotatorInSheetName,
  makeRedactor,
  normaliseName,
  Pseudonyms,
  readSubjectMap,
} from './pseudonyms.js';
import type { MmmeRow } from './sheet.js';
import { subjectNames } from './sheet.js';

/** The participants' pseudonyms, and every personal name a scan must keep out of outputs. */
export interface NamesToHide {
  pseudonyms: Pseudonyms;
  /** Name → stand-in: participants by pseudonym, annotators (from sheet file names) by `annotator`. */
  replacements: Map<string, string>;
}

/**
 * Pseudonyms over the names of every coding sheet in the download (and an earlier map), so a
 * person keeps one pseudonym whichever sheet is converted.
 */
export async function namesToHide(
  workbook: Workbook,
  sheetFile: string,
  sheetFiles: readonly string[],
  subjectMapFile: string | null,
): Promise<NamesToHide> {
  const allNames = new Set(subjectNames(workbook));
  for (const other of sheetFiles) {
    if (other === sheetFile) continue;
    const wb = await readSheetSafely(other);
    if (wb) for (const n of subjectNames(wb)) allNames.add(n);
  }
  const previous = subjectMapFile ? await readSubjectMap(subjectMapFile) : null;
  const pseudonyms = new Pseudonyms(allNames, previous);
  const replacements = new Map<string, string>();
  for (const name of pseudonyms.names()) replacements.set(name, pseudonyms.of(name) as string);
  for (const f of [...sheetFiles, sheetFile]) {
    const annotator = annotatorInSheetName(f);
    if (annotator && !replacements.has(annotator)) replacements.set(annotator, 'annotator');
  }
  return { pseudonyms, replacements };
}

/** The redactor for a scan's outputs and messages: the known names, plus each row's Filename spelling. */
export function scanRedactor(names: NamesToHide, rows: readonly MmmeRow[]): (text: string) => string {
  // A Filename may spell the participant differently from Subject: that spelling is a name too.
  const extra = new Map(names.replacements);
  for (const row of rows) {
    const n = row.trial ? normaliseName(row.trial.name) : null;
    if (n && !extra.has(n)) extra.set(n, names.pseudonyms.of(row.name) ?? 'participant');
  }
  return makeRedactor(extra);
}
