import path from 'node:path';
import type { KnownRelease } from '../../sources/release.js';
import { releaseLabel } from '../../sources/release.js';
import type { Workbook } from '../../sources/sheet.js';
import type { LabelRow, ReadSheet } from './sheet.js';

/**
 * The annotation files of a download by name (docs/datasets-more.md §2.2, §2.4): the JpgIndex label
 * sheet (`cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx`, dated `_20250903` in the clip release; one public
 * edit is `casme3_table.xlsx`), the spotting sheet `CAS(ME)3_part_A_v2.xls` (or `_v1`), and Part C's
 * `CAS(ME)3_part_C_ME.xlsx`. Sorted by name; the spotting sheet's highest version first.
 */
export function labelSheets(files: readonly string[]): string[] {
  return byName(files.filter((f) => /jpgindex|casme3_table/i.test(path.basename(f))));
}
export function spottingSheets(files: readonly string[]): string[] {
  const version = (f: string) => Number(/_v(\d+)\.\w+$/i.exec(f)?.[1] ?? 0);
  return files
    .filter((f) => /part_?a_v\d+\.xlsx?$/i.test(path.basename(f)) && !/jpgindex/i.test(path.basename(f)))
    .sort((a, b) => version(b) - version(a) || a.localeCompare(b));
}
export function partCSheets(files: readonly string[]): string[] {
  return byName(files.filter((f) => /part_?c_me\b.*\.(xlsx|xls|csv)$/i.test(path.basename(f))));
}
const byName = (files: string[]) => [...files].sort((a, b) => a.localeCompare(b));

/**
 * The label sheet as distributed (core properties 2022-07-13, docs/datasets-more.md §2.4 a): tab
 * `label`, this header, 860 rows, and the apex 83 of spNO.149 d that the public edit changed to 160
 * (§2.7). No sha256 is published, so it is named only when all of these match.
 */
const HEADER = 'Subject|Filename|Onset|Apex|Offset|AU|Objective class|emotion';
export const CASME3_RELEASES: readonly KnownRelease[] = [
  {
    name: 'casme3-part-a-jpgindex-v2',
    sha256: [],
    cells: [
      { what: 'tab', expected: 'label' },
      { what: 'header', expected: HEADER },
      { what: 'data rows', expected: 860 },
      { what: 'spNO.149 d (Onset 112) Apex', expected: 83 },
    ],
  },
];

export function labelSheetVersion(wb: Workbook, sheet: ReadSheet<LabelRow>): string {
  const table = wb.sheets.find((s) => s.name === sheet.sheetName);
  const headerRow = table?.rows.find((r) => r.some((c) => String(c ?? '').trim() === 'Subject')) ?? [];
  const header = headerRow
    .map((c) => String(c ?? '').trim())
    .filter((c) => c !== '')
    .join('|');
  return releaseLabel(wb.sha256, CASME3_RELEASES, (what) => {
    if (what === 'tab') return sheet.sheetName;
    if (what === 'header') return header;
    if (what === 'data rows') return sheet.dataRows;
    const row = sheet.rows.find(
      (r) => r.subject.canonical === 'spNO.149' && r.filename.lower === 'd' && r.onset === 112,
    );
    return row?.apex ?? null;
  });
}
