import type { IssueLog } from '../../issues/issues.js';
import type { CasmeSqRow, CasmeSqSheet } from './sheet.js';

/** A row with its subject folder and video code resolved through the naming-rule tabs. */
export interface ResolvedRow extends CasmeSqRow {
  /** `s15` (naming rule1). */
  folder: string;
  /** `0401` (naming rule2). */
  code: string;
}

/** Column I typos of the release, reported and kept as written (docs/datasets-more.md §1.5). */
const KNOWN_TYPOS: Readonly<Record<string, string>> = { happyiness: 'happiness' };

/**
 * Resolves every row's subject folder (naming rule1 row-aligned, as the organisers read it; the
 * index → folder table when the rows no longer line up) and video code (naming rule2), §1.4, §1.6.
 * A row whose subject index or stimulus the tabs do not know is a bad row.
 */
export function resolveRows(sheet: CasmeSqSheet, file: string, issues: IssueLog): ResolvedRow[] {
  const byIndex = new Map<number, string>();
  for (const { index, folder } of sheet.rule1.values()) if (!byIndex.has(index)) byIndex.set(index, folder);
  const misaligned: number[] = [];
  const out: ResolvedRow[] = [];
  for (const row of sheet.rows) {
    const where = { file, row: row.row };
    const aligned = sheet.rule1.get(row.row);
    let folder = aligned?.index === row.subjectIndex ? aligned.folder : undefined;
    if (folder === undefined) {
      folder = byIndex.get(row.subjectIndex);
      if (folder !== undefined) misaligned.push(row.row);
    }
    const code = sheet.rule2.get(row.stimulus);
    if (folder === undefined || code === undefined) {
      const problems = [
        folder === undefined
          ? `subject index ${row.subjectIndex} is not in column C of tab 'naming rule1'`
          : null,
        code === undefined ? `stimulus '${row.stimulus}' is not in column B of tab 'naming rule2'` : null,
      ].filter(Boolean);
      issues.error(
        'sheet.bad-row',
        `tab '${sheet.mainTab}': ${problems.join('; ')}; expected the naming-rule tabs to name its subject folder and video code (docs/datasets-more.md §1.4)`,
        where,
      );
      continue;
    }
    const typo = row.selfReport === null ? undefined : KNOWN_TYPOS[row.selfReport.toLowerCase()];
    if (typo)
      issues.warn(
        'casme-sq.label-typo',
        `column I '${row.selfReport}' is a typo of '${typo}' in the release (docs/datasets-more.md §1.5); kept as written in extra.self_report`,
        { ...where, sample: `casme-sq/${folder}/${row.video}` },
      );
    out.push({ ...row, folder, code });
  }
  if (misaligned.length > 0)
    issues.warn(
      'casme-sq.rule1-misaligned',
      `tab 'naming rule1' does not line up with tab '${sheet.mainTab}' on ${misaligned.length} rows (first: row ${misaligned[0]}); their subject folders were taken from naming rule1's index → folder table instead (docs/datasets-more.md §1.4)`,
      { file },
    );
  return out;
}

/**
 * Reports what the sheet's intervals do inside one video, keeping every row (docs/datasets-more.md
 * §0, §1.7): rows sharing onset and apex (a near-duplicate), and the count of overlapping pairs.
 */
export function reportIntervals(rows: readonly ResolvedRow[], file: string, issues: IssueLog): number {
  const byVideo = new Map<string, ResolvedRow[]>();
  for (const r of rows) {
    const key = `${r.folder}/${r.code}`;
    byVideo.set(key, [...(byVideo.get(key) ?? []), r]);
  }
  let overlaps = 0;
  for (const list of byVideo.values()) {
    const end = (r: ResolvedRow) => (r.offset > 0 ? r.offset : r.apex);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i] as ResolvedRow;
        const b = list[j] as ResolvedRow;
        if (a.onset === b.onset && a.apex === b.apex)
          issues.warn(
            'casme-sq.same-onset',
            `${b.video} (row ${b.row}) has the onset and apex of ${a.video} (row ${a.row}), ${a.onset}/${a.apex}; both kept, not merged`,
            { file, row: b.row, sample: `casme-sq/${b.folder}/${b.video}` },
          );
        if (a.onset <= end(b) && b.onset <= end(a)) overlaps++;
      }
    }
  }
  if (overlaps > 0)
    issues.info(
      'casme-sq.overlap',
      `${overlaps} pairs of intervals overlap within a video; every interval is kept as its own sample (docs/datasets-more.md §0)`,
      { file },
    );
  return overlaps;
}
