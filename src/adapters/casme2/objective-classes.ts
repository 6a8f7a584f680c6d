import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import type { SourceFingerprint } from '../../schema/dataset.js';
import { cellInt, cellText } from '../../sources/cells.js';
import { listFiles } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import { OBJECTIVE_SHEET } from './detect.js';

export interface ObjectiveClasses {
  /** `sub/Filename` → class 1–7. */
  classes: Map<string, number>;
  /** The file's fingerprint, when it was read: it contributes a value to samples (docs/datasets.md §1.5). */
  source: SourceFingerprint | null;
}

/** CASME2-ObjectiveClasses.xlsx (docs/datasets.md §1.3), when present. */
export async function readObjectiveClasses(root: string, issues: IssueLog): Promise<ObjectiveClasses> {
  const classes = new Map<string, number>();
  const file = (await listFiles(root)).find((f) => OBJECTIVE_SHEET.test(f));
  if (!file) return { classes, source: null };
  try {
    const wb = await readWorkbook(path.join(root, file));
    // Sheet1 holds the table; Sheet2 is header-less scratch and is ignored (docs/datasets.md §1.3).
    const rows = wb.sheets[0]?.rows ?? [];
    const header = (rows[0] ?? []).map((c) => cellText(c)?.toLowerCase() ?? '');
    const [s, f, o] = ['subject', 'filename', 'objective class'].map((h) =>
      header.findIndex((x) => x.startsWith(h)),
    );
    if (s === undefined || f === undefined || o === undefined || s < 0 || f < 0 || o < 0) {
      issues.warn(
        'casme2.objective-classes',
        'expected columns Subject, Filename, Objective Class; file ignored',
        { file },
      );
      return { classes, source: null };
    }
    for (const row of rows.slice(1)) {
      const subject = cellText(row[s])?.replace(/^sub/i, '');
      const clip = cellText(row[f]);
      const cls = cellInt(row[o]);
      if (subject && clip && cls !== null) classes.set(`${subject.padStart(2, '0')}/${clip}`, cls);
    }
    const source = { file, sha256: wb.sha256, version: 'casme2-objective-classes', rows: classes.size };
    return { classes, source: classes.size > 0 ? source : null };
  } catch (err) {
    issues.warn(
      'casme2.objective-classes',
      `cannot read (${err instanceof Error ? err.message : err}); file ignored`,
      { file },
    );
  }
  return { classes, source: null };
}
