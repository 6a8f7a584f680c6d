import path from 'node:path';
import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellInt, cellText, showCell } from '../../sources/cells.js';
import {
  findHeaderRow,
  isBlankRecord,
  normaliseHeader,
  recordsBelow,
  type SheetTable,
  type Workbook,
} from '../../sources/sheet.js';
import type { CustomConfig } from './config.js';

/** One sheet row, read through the config's column mapping. */
export interface CustomRow {
  row: number;
  subject: string;
  clip: string;
  onset: number;
  apex: number | null;
  offset: number;
  emotion: string | null;
  aus: string | null;
}

type Field = keyof CustomConfig['columns'];

/** The mapped columns as (field, header as written), required first. */
function mapped(config: CustomConfig): [Field, string][] {
  return Object.entries(config.columns).filter((e): e is [Field, string] => typeof e[1] === 'string');
}

function findTable(wb: Workbook, config: CustomConfig, configName: string): SheetTable {
  const wanted = config.sheet.name;
  if (wanted !== undefined) {
    const table = wb.sheets.find((s) => s.name === wanted);
    if (!table)
      throw new MeUnifyError(
        `${wb.file}: no tab named '${wanted}' (sheet.name in ${configName}); the tabs are ${wb.sheets.map((s) => `'${s.name}'`).join(', ')}`,
        { file: wb.file },
      );
    return table;
  }
  const names = mapped(config).map(([, h]) => normaliseHeader(h));
  return wb.sheets.find((s) => findHeaderRow(s.rows, names) >= 0) ?? (wb.sheets[0] as SheetTable);
}

/**
 * The row holding every mapped column, else the one holding most of them (at least two), so a
 * missing or misspelt column is reported by name; -1 when no row looks like a header.
 */
function closestHeaderRow(rows: readonly Cell[][], names: readonly string[]): number {
  const exact = findHeaderRow(rows, names);
  if (exact >= 0) return exact;
  let best = -1;
  let bestCount = 1;
  rows.slice(0, 60).forEach((row, i) => {
    const cells = new Set(row.map(normaliseHeader));
    const count = names.filter((n) => cells.has(n)).length;
    if (count > bestCount) [best, bestCount] = [i, count];
  });
  return best;
}

function headerIndex(table: SheetTable, config: CustomConfig, file: string, configName: string): number {
  const columns = mapped(config);
  const given = config.sheet.header_row;
  const index =
    given !== undefined
      ? given - 1
      : closestHeaderRow(
          table.rows,
          columns.map(([, h]) => normaliseHeader(h)),
        );
  if (index >= 0) {
    const names = new Set((table.rows[index] ?? []).map(normaliseHeader));
    const missing = columns.filter(([, h]) => !names.has(normaliseHeader(h)));
    if (missing.length === 0) return index;
    const has = (table.rows[index] ?? []).map((c) => cellText(c)).filter(Boolean);
    throw new MeUnifyError(
      `${file}, tab '${table.name}', row ${index + 1}: missing column${missing.length > 1 ? 's' : ''} ${missing.map(([f, h]) => `'${h}' (columns.${f} in ${configName})`).join(', ')}; the header row has ${has.length ? has.map((h) => `'${h}'`).join(', ') : 'no text'}`,
      { file },
    );
  }
  const first = (table.rows.find((r) => r.some((c) => cellText(c) !== null)) ?? []).map((c) => showCell(c));
  throw new MeUnifyError(
    `${file}, tab '${table.name}': no header row with the columns ${columns.map(([, h]) => `'${h}'`).join(', ')} (columns.* in ${configName}) in the first 60 rows; the first non-empty row is ${first.length ? first.join(', ') : '(none: the tab is empty)'}. Add a header row, or set sheet.header_row`,
    { file },
  );
}

/** Reads the mapped sheet; bad rows go to `issues` (file + row + what was expected) and are counted. */
export function readCustomSheet(
  wb: Workbook,
  relFile: string,
  config: CustomConfig,
  configFile: string,
  issues: IssueLog,
): { rows: CustomRow[]; tab: string; dataRows: number; rejected: number } {
  const configName = path.basename(configFile);
  const table = findTable(wb, config, configName);
  const index = headerIndex(table, config, wb.file, configName);
  const records = recordsBelow(table.rows, index).filter((r) => !isBlankRecord(r));
  const c = config.columns;
  const get = (cells: Map<string, Cell>, header: string | undefined) =>
    header === undefined ? null : (cells.get(normaliseHeader(header)) ?? null);
  const rows: CustomRow[] = [];
  let rejected = 0;
  for (const { row, cells } of records) {
    const subject = cellText(get(cells, c.subject));
    const clip = cellText(get(cells, c.clip));
    const onset = cellInt(get(cells, c.onset));
    const offset = cellInt(get(cells, c.offset));
    const problems: string[] = [];
    if (!subject) problems.push(`'${c.subject}' is empty`);
    if (!clip) problems.push(`'${c.clip}' is empty`);
    if (onset === null) problems.push(`'${c.onset}' ${showCell(get(cells, c.onset))} is not a whole number`);
    if (offset === null)
      problems.push(`'${c.offset}' ${showCell(get(cells, c.offset))} is not a whole number`);
    if (!subject || !clip || onset === null || offset === null) {
      issues.error(
        'sheet.bad-row',
        `${problems.join('; ')}; expected a subject, a clip name and onset/offset frame numbers`,
        { file: relFile, row },
      );
      rejected++;
      continue;
    }
    const apexCell = get(cells, c.apex);
    const apex = cellInt(apexCell);
    if (c.apex !== undefined && apex === null)
      issues.warn(
        'apex.unknown',
        `'${c.apex}' ${showCell(apexCell)} is not a frame number; the apex is left unknown (apex_source: missing)`,
        { file: relFile, row },
      );
    rows.push({
      row,
      subject,
      clip,
      onset,
      apex,
      offset,
      emotion: cellText(get(cells, c.emotion)),
      aus: cellText(get(cells, c.aus)),
    });
  }
  return { rows, tab: table.name, dataRows: records.length, rejected };
}
