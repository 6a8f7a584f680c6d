import path from 'node:path';
import { parseActionUnits } from '../aus/parse.js';
import { SampleSchema } from '../schema/sample.js';
import { type Cell, cellInt, cellNumber, cellText, showCell } from '../sources/cells.js';
import { frameNumber } from '../sources/frames.js';
import { findHeaderRow, isBlankRecord, readWorkbook, type SheetRecord } from '../sources/sheet.js';
import { expandFramesDir } from './frames-dir.js';
import type { ManifestLine } from './read.js';
import { isUnsafeKey, parseJsonSafely } from './safe-json.js';

/**
 * The hand-written CSV form of a manifest (README § Custom datasets): one row per sample, the
 * unified schema's fields as columns, frames either listed (`frames`, `;`-separated) or found in a
 * folder (`frames_dir`, every image file, ordered by the number in its name). Paths are relative
 * to the CSV's folder. Columns that are not fields go to `extra`.
 */
export const CSV_COLUMNS = [
  'id',
  'dataset',
  'subset',
  'subject',
  'clip',
  'kind',
  'fps',
  'frames',
  'frames_dir',
  'onset',
  'apex',
  'offset',
  'emotion',
  'label',
  'label_profile',
  'aus',
  'split',
  'extra',
] as const;
/** Columns of the flat manifest.csv that `convert` writes (manifest/flat.ts): derived from the fields above, so not kept in extra. */
const FLAT_DERIVED = new Set([
  'frame_count',
  'onset_path',
  'apex_path',
  'offset_path',
  'source_onset',
  'source_apex',
  'source_offset',
  'apex_source',
  'aus_raw',
  'source_directory',
  'source_sheet',
  'source_sheet_name',
  'source_row',
  'video_path',
  'video_start_time',
  'video_end_time',
]);
const REQUIRED = ['id', 'subject', 'fps', 'onset', 'offset'];

/** Reads a CSV manifest; each row becomes a sample or a problem naming the column and what was expected. */
export async function readCsvManifest(file: string): Promise<ManifestLine[]> {
  const rows = (await readWorkbook(file)).sheets[0]?.rows ?? [];
  const headerIndex = findHeaderRow(rows, REQUIRED, 1);
  if (headerIndex < 0) {
    const seen = (rows[0] ?? []).map((c) => cellText(c)).filter(Boolean);
    return [
      {
        line: 1,
        sample: null,
        problem: `the first line must be a header with at least the columns ${REQUIRED.join(', ')} and frames or frames_dir; found ${seen.length ? seen.join(', ') : 'nothing'}`,
      },
    ];
  }
  const base = path.dirname(file);
  const out: ManifestLine[] = [];
  const header = (rows[headerIndex] ?? []).map((c) => cellText(c)?.toLowerCase() ?? '');
  for (let i = headerIndex + 1; i < rows.length; i++) {
    const record = toRecord(header, rows[i] ?? [], i + 1);
    if (isBlankRecord(record)) continue;
    out.push(await rowToSample(record, base));
  }
  return out;
}

function toRecord(header: readonly string[], row: readonly Cell[], line: number): SheetRecord {
  const cells = new Map<string, Cell>();
  header.forEach((name, c) => {
    if (name && !cells.has(name)) cells.set(name, row[c] ?? null);
  });
  return { row: line, cells };
}

async function framesOf(record: SheetRecord, base: string): Promise<string[] | string> {
  const listed = cellText(record.cells.get('frames'));
  const dir = cellText(record.cells.get('frames_dir'));
  if (listed && dir) return 'give frames or frames_dir, not both';
  if (listed?.startsWith('[')) return jsonList(listed);
  if (listed)
    return listed
      .split(';')
      .map((f) => f.trim())
      .filter((f) => f !== '');
  if (!dir) return 'frames and frames_dir are both empty; expected the frame files or their folder';
  return expandFramesDir(dir, base);
}

/** `frames` as the JSON list that convert's manifest.csv writes. */
function jsonList(text: string): string[] | string {
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  } catch {
    // reported below
  }
  return 'frames starts with [ but is not a JSON list of paths; expected paths separated by ;';
}

/** The `extra` column: a JSON object (as convert writes it), or empty. */
function jsonObject(text: string | null, problems: string[]): Record<string, unknown> {
  if (text === null) return {};
  try {
    const value: unknown = parseJsonSafely(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return Object.fromEntries(Object.entries(value));
  } catch {
    // reported below
  }
  problems.push('extra is not a JSON object');
  return {};
}

/** `aus` as written by a coder (`4+L10`), or the JSON list convert's manifest.csv writes. */
function actionUnits(text: string | null): { aus: unknown; raw: string | null } {
  if (text?.startsWith('[')) {
    try {
      return { aus: JSON.parse(text), raw: null };
    } catch {
      // not JSON: parse it as written
    }
  }
  return { aus: parseActionUnits(text).aus, raw: text };
}

function intOrProblem(record: SheetRecord, column: string, problems: string[]): number | null {
  const cell = record.cells.get(column) ?? null;
  const n = cellInt(cell);
  if (cell !== null && n === null) problems.push(`${column} ${showCell(cell)} is not a whole number`);
  return n;
}

async function rowToSample(record: SheetRecord, base: string): Promise<ManifestLine> {
  const text = (c: string) => cellText(record.cells.get(c));
  const problems: string[] = [];
  const frames = await framesOf(record, base);
  if (typeof frames === 'string') problems.push(frames);
  const fpsCell = record.cells.get('fps') ?? null;
  const fps = cellNumber(fpsCell);
  if (fps === null) problems.push(`fps ${showCell(fpsCell)} is not a number`);
  const onset = intOrProblem(record, 'onset', problems);
  const offset = intOrProblem(record, 'offset', problems);
  const apex = intOrProblem(record, 'apex', problems);
  const extraJson = jsonObject(text('extra'), problems);
  if (problems.length > 0) return { line: record.row, sample: null, problem: problems.join('; ') };
  const list = frames as string[];
  const id = text('id') ?? '';
  const aus = actionUnits(text('aus'));
  const numberAt = (i: number | null) => (i === null ? null : frameNumber(path.basename(list[i] ?? '')));
  const extra = Object.fromEntries(
    [...record.cells].filter(
      ([k, v]) =>
        !(CSV_COLUMNS as readonly string[]).includes(k) &&
        !FLAT_DERIVED.has(k) &&
        !isUnsafeKey(k) && // column names that must never become object keys (docs/dependencies.md §3)
        v !== null,
    ),
  );
  Object.assign(extra, extraJson);
  const split = text('split');
  const candidate = {
    id,
    dataset: text('dataset') ?? 'custom',
    subset: text('subset'),
    subject: text('subject'),
    clip: text('clip') ?? id.split('/').pop() ?? id,
    kind: text('kind') ?? 'micro',
    fps,
    frame_count: list.length,
    frames: list,
    video: null,
    onset,
    apex,
    offset,
    source_frames: { onset: numberAt(onset), apex: numberAt(apex), offset: numberAt(offset) },
    apex_source: text('apex_source') ?? (apex === null ? 'missing' : 'annotated'),
    emotion: text('emotion'),
    label: text('label'),
    label_profile: text('label_profile') ?? 'original',
    aus: aus.aus,
    aus_raw: text('aus_raw') ?? aus.raw,
    source: { directory: text('frames_dir'), sheet: null, sheet_name: null, row: record.row },
    extra: split === null ? extra : { ...extra, split },
  };
  const parsed = SampleSchema.safeParse(candidate);
  if (parsed.success) return { line: record.row, sample: parsed.data, problem: null };
  const why = parsed.error.issues.map((e) => `${e.path.join('.') || '(row)'}: ${e.message}`).join('; ');
  return { line: record.row, sample: null, problem: `not a valid sample: ${why}` };
}
