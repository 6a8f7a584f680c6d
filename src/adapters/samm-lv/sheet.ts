import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellInt, cellNumber, cellText, showCell } from '../../sources/cells.js';
import { isBlankRecord, recordsBelow, type Workbook } from '../../sources/sheet.js';
import { type Column, columnLabel, findHeader, isLongVideoHeader, pick } from '../samm/columns.js';

/** One usable row of SAMM_LongVideos_V*_Release.xlsx, sheet FACS_Movement_Only (docs/datasets.md §2.5). */
export interface LongVideoRow {
  row: number;
  subject: string;
  /** `{video}_{k}`, e.g. `006_1_2`. */
  filename: string;
  /** The long video's folder name, `006_1`. */
  video: string;
  inducement: number | null;
  /** Frame numbers as written (floats allowed); null where the sheet says 0 = unknown (docs/datasets.md §2.5). */
  onset: number | null;
  apex: number | null;
  offset: number | null;
  /** The Apex cell holds -1, which the title block defines as "not annotated" (docs/datasets.md §2.5.1). */
  apexNotAnnotated: boolean;
  kind: 'micro' | 'macro';
  type: string;
  ausCell: Cell;
  notes: string | null;
}

export interface LongVideoSheet {
  sheetName: string;
  rows: LongVideoRow[];
  version: string;
  dataRows: number;
  rejected: number;
}

export function findLongVideoTable(wb: Workbook): { name: string; rows: Cell[][]; header: number } | null {
  const wanted = (n: string) => n.toLowerCase() === 'facs_movement_only';
  const ordered = [...wb.sheets].sort((a, b) => Number(wanted(b.name)) - Number(wanted(a.name)));
  for (const s of ordered) {
    const header = findHeader(s.rows, isLongVideoHeader);
    if (header >= 0) return { name: s.name, rows: s.rows, header };
  }
  return null;
}

/** `Macro` → macro, `Micro - 1/2` → micro (docs/datasets.md §2.5); case and spacing do not matter. */
export function kindOfType(type: string): 'micro' | 'macro' | null {
  const t = type.trim().toLowerCase();
  if (t.startsWith('micro')) return 'micro';
  if (t.startsWith('macro')) return 'macro';
  return null;
}

export function parseLongVideoSheet(wb: Workbook, relFile: string, issues: IssueLog): LongVideoSheet | null {
  const table = findLongVideoTable(wb);
  if (!table) return null;
  const header = table.rows[table.header] ?? [];
  const label = (c: Column) => columnLabel(header, c);
  const records = recordsBelow(table.rows, table.header).filter((r) => !isBlankRecord(r));
  const rows: LongVideoRow[] = [];
  let rejected = 0;
  let dataRows = 0;
  for (const record of records) {
    const where = { file: relFile, row: record.row };
    const filename = cellText(pick(record, 'filename'));
    const subjectCell = pick(record, 'subject');
    if (!filename && cellText(pick(record, 'onset')) === null && cellText(pick(record, 'offset')) === null) {
      issues.info('sheet.note-row', 'row is not a sample (no Filename, no frames); ignored', where);
      continue;
    }
    dataRows++;
    const subjectNo = cellText(subjectCell) ?? '';
    const inducement = cellInt(pick(record, 'inducement'));
    const typeText = cellText(pick(record, 'type'));
    const kind = typeText === null ? null : kindOfType(typeText);
    const apexNotAnnotated = cellNumber(pick(record, 'apex')) === APEX_NOT_ANNOTATED;
    const frames = {
      onset: frameCell(pick(record, 'onset')),
      apex: apexNotAnnotated ? null : frameCell(pick(record, 'apex')),
      offset: frameCell(pick(record, 'offset')),
    };
    const problems: string[] = [];
    if (!/^\d{1,3}$/.test(subjectNo))
      problems.push(`Subject ${showCell(subjectCell)} is not a subject number`);
    if (!filename) problems.push('Filename is empty');
    if (kind === null)
      problems.push(`${label('type')} ${showCell(pick(record, 'type'))} is neither Macro nor Micro - 1/2`);
    for (const c of ['onset', 'apex', 'offset'] as const) {
      if (frames[c] === 'bad')
        problems.push(`${label(c)} ${showCell(pick(record, c))} is not a frame number`);
    }
    const subject = subjectNo.padStart(3, '0');
    // Filename is `{video}_{k}` (docs/datasets.md §2.5); failing that, the video is `{subject}_{inducement}`
    const video =
      /^(\d{3}_\d+)_\d+$/.exec(filename ?? '')?.[1] ??
      (inducement !== null ? `${subject}_${inducement}` : null);
    if (filename && !video) problems.push(`Filename '${filename}' does not name a long video (sss_n_k)`);
    if (problems.length > 0 || !filename || !video || kind === null || typeText === null) {
      issues.error(
        'sheet.bad-row',
        `${problems.join('; ')}; expected Subject, Filename (006_1_2), frame numbers and Type Macro or Micro - 1/2`,
        where,
      );
      rejected++;
      continue;
    }
    const sample = `samm-lv/${video}/${filename}`;
    const value = (c: 'onset' | 'apex' | 'offset') => {
      const v = frames[c];
      return v === 'bad' ? null : v;
    };
    // frame numbers can be floats in the long-video sheets (docs/datasets.md §2.5): rounded, reported, kept as written
    for (const c of ['onset', 'apex', 'offset'] as const) {
      const v = value(c);
      if (v !== null && !Number.isInteger(v)) {
        issues.warn(
          'samm-lv.fractional-frame',
          `${label(c)} ${v} is not a whole frame number; frame ${Math.round(v)} is used, the sheet value is kept in source_frames`,
          { sample, ...where },
        );
      }
    }
    rows.push({
      row: record.row,
      subject,
      filename,
      video,
      inducement,
      onset: value('onset'),
      apex: value('apex'),
      offset: value('offset'),
      apexNotAnnotated,
      kind,
      type: typeText,
      ausCell: pick(record, 'aus'),
      notes: cellText(pick(record, 'notes')),
    });
  }
  return {
    sheetName: table.name,
    rows,
    version: longVideoSheetVersion(path.basename(relFile), dataRows),
    dataRows,
    rejected,
  };
}

/** "Subjects with Apex Frame not annotated were labelled as -1" (the sheet's title block, docs/datasets.md §2.5.1). */
const APEX_NOT_ANNOTATED = -1;

/**
 * A frame number: floats are allowed ("float type for these items in excel", docs/datasets.md §2.5);
 * 0 or an empty cell means unknown → null; anything else is 'bad'.
 */
function frameCell(cell: Cell): number | null | 'bad' {
  if (cellText(cell) === null) return null;
  const n = cellNumber(cell);
  if (n === null || n < 0) return 'bad';
  return n === 0 ? null : n;
}

/**
 * The release is named in the file (V1/V2/V3, docs/datasets.md §2.5); the contents of each release are
 * not documented, so the version is the file's release number and its row count.
 */
export function longVideoSheetVersion(fileName: string, dataRows: number): string {
  const release = /_V(\d+)/i.exec(fileName)?.[1];
  return `${release ? `samm-lv-v${release}` : 'samm-lv-unknown-release'} (${dataRows} rows)`;
}
