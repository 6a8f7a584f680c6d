import path from 'node:path';
import { z } from 'zod';
import { usageError } from '../issues/errors.js';
import type { IssueLog } from '../issues/issues.js';
import { type Cell, cellText } from '../sources/cells.js';
import {
  findHeaderRow,
  isBlankRecord,
  normaliseHeader,
  readWorkbook,
  recordsBelow,
} from '../sources/sheet.js';
import type { Box } from './spec.js';

const pixel = z.string().trim().regex(/^\d+$/, 'expected a whole number of pixels').transform(Number);
const BoxRowSchema = z.object({
  id: z.string().trim().min(1, 'expected the sample id'),
  x: pixel,
  y: pixel,
  w: pixel.refine((v) => v > 0, 'expected a width above 0'),
  h: pixel.refine((v) => v > 0, 'expected a height above 0'),
});

const COLUMNS = ['id', 'x', 'y', 'w', 'h'] as const;

/**
 * Reads a per-sample crop box file: CSV with a header naming `id,x,y,w,h` (any order, any case,
 * other columns ignored), one row per sample id. Bad rows are reported with their row number and
 * left out — a sample without a valid row is then reported, never cropped at a guessed place.
 */
export async function readCropBoxes(file: string, issues: IssueLog): Promise<Map<string, Box>> {
  let rows: Cell[][];
  try {
    rows = (await readWorkbook(file)).sheets[0]?.rows ?? [];
  } catch (err) {
    throw usageError(
      `--crop ${file}: cannot read this crop box file (${err instanceof Error ? err.message : err}); expected none, face, x,y,w,h or a CSV file with columns id,x,y,w,h`,
      file,
    );
  }
  const name = path.basename(file);
  if (findHeaderRow(rows, COLUMNS, 1) !== 0) {
    const header = (rows[0] ?? []).map(normaliseHeader);
    const missing = COLUMNS.filter((c) => !header.includes(c));
    throw usageError(
      `${file}: the first row must name the columns id,x,y,w,h; missing ${missing.join(', ')} (found: ${header.filter(Boolean).join(', ') || 'nothing'})`,
      file,
    );
  }
  const boxes = new Map<string, Box>();
  const firstRow = new Map<string, number>();
  for (const record of recordsBelow(rows, 0)) {
    if (isBlankRecord(record)) continue;
    const line = record.row;
    const row = rows[line - 1] ?? [];
    const fields = Object.fromEntries(COLUMNS.map((c) => [c, cellText(record.cells.get(c)) ?? '']));
    const parsed = BoxRowSchema.safeParse(fields);
    if (!parsed.success) {
      const why = parsed.error.issues.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ');
      issues.error(
        'crop.box-row',
        `row is not a valid box (${why}); the row reads '${row.map((c) => cellText(c) ?? '').join(',')}'`,
        {
          file: name,
          row: line,
        },
      );
      continue;
    }
    const { id, ...box } = parsed.data;
    const seen = firstRow.get(id);
    if (seen !== undefined) {
      issues.error(
        'crop.box-duplicate',
        `sample '${id}' already has a box on row ${seen}; expected one row per sample`,
        {
          file: name,
          row: line,
          sample: id,
        },
      );
      continue;
    }
    firstRow.set(id, line);
    boxes.set(id, box);
  }
  return boxes;
}
