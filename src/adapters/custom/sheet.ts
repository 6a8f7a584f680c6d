import path from 'node:path';
import { z } from 'zod';
import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { type Cell, cellText, showCell } from '../../sources/cells.js';
import { findHeaderRow, normaliseHeader, type SheetTable, type Workbook } from '../../sources/sheet.js';
import { cell } from '../kit/cells.js';
import { reportUnknownApex } from '../kit/clip.js';
import { type ColumnSpecs, readRows } from '../kit/columns.js';
import type { CustomConfig } from './config.js';

/** One sheet row, read through the config's column mapping. */
export type CustomRow = z.output<typeof ROW> & { row: number };

type Field = keyof CustomConfig['columns'];

/** The mapped columns as (field, header as written), required first. */
function mapped(config: CustomConfig): [Field, string][] {
  return Object.entries(config.columns).filter((e): e is [Field, string] => typeof e[1] === 'string');
}

function findConfiguredTable(wb: Workbook, config: CustomConfig, configName: string): SheetTable {
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

function headerIndexOf(table: SheetTable, config: CustomConfig, file: string, configName: string): number {
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

/** The config's column mapping as a kit column spec: one header name each, as the config writes it. */
function columnSpecs(config: CustomConfig) {
  const c = config.columns;
  const spec = (header: string | undefined, required = false) => ({
    headers: header === undefined ? [] : [normaliseHeader(header)],
    required,
  });
  return {
    subject: spec(c.subject, true),
    clip: spec(c.clip, true),
    onset: spec(c.onset, true),
    offset: spec(c.offset, true),
    apex: spec(c.apex),
    emotion: spec(c.emotion),
    aus: spec(c.aus),
  } satisfies ColumnSpecs;
}

const ROW = z.object({
  subject: cell.text(),
  clip: cell.text(),
  onset: cell.int(),
  offset: cell.int(),
  apex: cell.optionalInt(),
  emotion: cell.optionalText(),
  aus: cell.optionalText(),
});

/** Reads the mapped sheet; bad rows go to `issues` (file + row + what was expected) and are counted. */
export function readCustomSheet(
  wb: Workbook,
  relFile: string,
  config: CustomConfig,
  configFile: string,
  issues: IssueLog,
): { rows: CustomRow[]; tab: string; dataRows: number; rejected: number } {
  const configName = path.basename(configFile);
  const table = findConfiguredTable(wb, config, configName);
  const headerIndex = headerIndexOf(table, config, wb.file, configName);
  const read = readRows({ table, headerIndex }, columnSpecs(config), ROW, {
    file: relFile,
    issues,
    expected: 'a subject, a clip name and onset/offset frame numbers',
    // the config's own spelling, quoted, so the user finds it in their JSON
    showLabel: (label) => `'${label}'`,
  });
  const rows = read.rows.map(({ row, cells, value }) => {
    if (config.columns.apex !== undefined && value.apex === null)
      reportUnknownApex(`'${config.columns.apex}'`, cells.apex, { file: relFile, row }, issues);
    return { ...value, row };
  });
  return { rows, tab: table.name, dataRows: read.dataRows, rejected: read.rejected };
}
