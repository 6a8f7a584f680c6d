import path from 'node:path';
import { z } from 'zod';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellNumber, cellText } from '../../sources/cells.js';
import type { Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { type FoundTable, findTable, readRows } from '../kit/columns.js';
import { LONG_VIDEO_COLUMNS, LONG_VIDEO_HEADER } from '../samm/columns.js';

/** One usable row of SAMM_LongVideos_V*_Release.xlsx, sheet FACS_Movement_Only (docs/datasets.md §2.5). */
export type LongVideoRow = z.output<typeof ROW> & { row: number };

export interface LongVideoSheet {
  sheetName: string;
  rows: LongVideoRow[];
  version: string;
  dataRows: number;
  rejected: number;
}

/** `Macro` → macro, `Micro - 1/2` → micro (docs/datasets.md §2.5); case and spacing do not matter. */
export function kindOfType(type: string): 'micro' | 'macro' | null {
  const t = type.trim().toLowerCase();
  if (t.startsWith('micro')) return 'micro';
  if (t.startsWith('macro')) return 'macro';
  return null;
}

/** "Subjects with Apex Frame not annotated were labelled as -1" (the sheet's title block, docs/datasets.md §2.5.1). */
const APEX_NOT_ANNOTATED = -1;

/**
 * A frame number: floats are allowed ("float type for these items in excel", docs/datasets.md §2.5);
 * 0 or an empty cell means unknown → null; anything else fails.
 */
function frameValue(c: Cell, ctx: z.RefinementCtx): number | null {
  if (cellText(c) === null) return null;
  const n = cellNumber(c);
  if (n === null || n < 0) {
    ctx.addIssue({ code: 'custom', message: 'is not a frame number' });
    return z.NEVER;
  }
  return n === 0 ? null : n;
}
const frame = () => cell.raw().transform(frameValue);

const ROW = z
  .object({
    subject: cell.matching(/^\d{1,3}$/, 'is not a subject number').transform((s) => s.padStart(3, '0')),
    filename: cell.text(),
    inducement: cell.optionalInt(),
    onset: frame(),
    // -1 is "not annotated", not a frame (docs/datasets.md §2.5.1)
    apex: cell
      .raw()
      .transform((c, ctx) =>
        cellNumber(c) === APEX_NOT_ANNOTATED ? ('not-annotated' as const) : frameValue(c, ctx),
      ),
    offset: frame(),
    type: cell
      .text()
      .pipe(
        z.string().refine((t) => kindOfType(t) !== null, { message: 'is neither Macro nor Micro - 1/2' }),
      ),
    aus: cell.raw(),
    notes: cell.optionalText(),
  })
  .transform((r, ctx) => {
    // Filename is `{video}_{k}` (docs/datasets.md §2.5); failing that, the video is `{subject}_{inducement}`
    const video =
      /^(\d{3}_\d+)_\d+$/.exec(r.filename)?.[1] ??
      (r.inducement !== null ? `${r.subject}_${r.inducement}` : null);
    if (video === null) {
      ctx.addIssue({ code: 'custom', path: ['filename'], message: 'does not name a long video (sss_n_k)' });
      return z.NEVER;
    }
    const apexNotAnnotated = r.apex === 'not-annotated';
    return {
      ...r,
      video,
      apex: apexNotAnnotated ? null : (r.apex as number | null),
      apexNotAnnotated,
      kind: kindOfType(r.type) as 'micro' | 'macro',
    };
  });

/** The long-video table: tab `FACS_Movement_Only` first, else any tab with its header. */
export function findLongVideoTable(wb: Workbook): FoundTable | null {
  return findTable(wb, LONG_VIDEO_COLUMNS, {
    ...LONG_VIDEO_HEADER,
    rank: (tab) => (tab.toLowerCase() === 'facs_movement_only' ? 0 : 1),
  });
}

export function parseLongVideoSheet(wb: Workbook, relFile: string, issues: IssueLog): LongVideoSheet | null {
  const found = findLongVideoTable(wb);
  if (!found) return null;
  const read = readRows(found, LONG_VIDEO_COLUMNS, ROW, {
    file: relFile,
    issues,
    expected: 'Subject, Filename (006_1_2), frame numbers and Type Macro or Micro - 1/2',
    isNote: (c) => [c.filename, c.onset, c.offset].every((v) => cellText(v) === null),
  });
  const rows = read.rows.map(({ row, value: r }) => {
    const where = { sample: `samm-lv/${r.video}/${r.filename}`, file: relFile, row };
    // frame numbers can be floats in the long-video sheets (docs/datasets.md §2.5): rounded, reported, kept as written
    for (const c of ['onset', 'apex', 'offset'] as const) {
      const v = r[c];
      if (v !== null && !Number.isInteger(v))
        issues.warn(
          'samm-lv.fractional-frame',
          `${read.labels[c]} ${v} is not a whole frame number; frame ${Math.round(v)} is used, the sheet value is kept in source_frames`,
          where,
        );
    }
    return { ...r, row };
  });
  return {
    sheetName: found.table.name,
    rows,
    version: longVideoSheetVersion(path.basename(relFile), read.dataRows),
    dataRows: read.dataRows,
    rejected: read.rejected,
  };
}

/**
 * The release is named in the file (V1/V2/V3, docs/datasets.md §2.5); the contents of each release are
 * not documented, so the version is the file's release number and its row count.
 */
export function longVideoSheetVersion(fileName: string, dataRows: number): string {
  const release = /_V(\d+)/i.exec(fileName)?.[1];
  return `${release ? `samm-lv-v${release}` : 'samm-lv-unknown-release'} (${dataRows} rows)`;
}
