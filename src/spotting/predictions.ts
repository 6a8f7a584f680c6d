import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describeError, MeUnifyError } from '../issues/errors.js';
import type { SpotKind } from './ground-truth.js';

/** One spotted interval from a predictions CSV. */
export interface Prediction {
  /** The CSV line it was read from (1-based, header included). */
  line: number;
  dataset: string;
  video: string;
  onset: number;
  offset: number;
  kind: SpotKind;
}

/** MEGC 2022 writes `me`/`mae`; `micro`/`macro` are accepted too (docs/datasets-more.md §6.3). */
const KINDS: Record<string, SpotKind> = { me: 'micro', micro: 'micro', mae: 'macro', macro: 'macro' };
/** Header names per column: the MEGC 2022 form `vid,pred_onset,pred_offset,type` and `vid,onset,offset,type`. */
const COLUMNS = {
  video: ['vid', 'video'],
  onset: ['pred_onset', 'onset'],
  offset: ['pred_offset', 'offset'],
  kind: ['type', 'kind'],
  dataset: ['dataset'],
} as const;
type Column = keyof typeof COLUMNS;
const MAX_LISTED = 20;

/**
 * Reads predictions; `videos` maps each ground-truth video to the datasets holding it. Every row
 * problem (unknown video, bad number, onset after offset, unknown type) is collected and reported
 * together, each naming its line.
 */
export async function readPredictions(
  file: string,
  videos: ReadonlyMap<string, readonly string[]>,
): Promise<Prediction[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new MeUnifyError(
      `${file}: cannot read the predictions (${describeError(err)}); expected a CSV file vid,pred_onset,pred_offset,type`,
      {
        file,
        cause: err,
      },
    );
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as typeof records;
  } catch (err) {
    throw new MeUnifyError(`${file}: not a readable CSV file (${describeError(err)})`, { file, cause: err });
  }
  const first = records[0];
  if (!first)
    throw new MeUnifyError(
      `${file}: no predictions; expected rows vid,pred_onset,pred_offset,type (type me or mae)`,
      {
        file,
      },
    );
  const headed = !/^\d/.test(first.record[1] ?? '');
  const index = headed
    ? columnsOf(file, first.record)
    : { video: 0, onset: 1, offset: 2, kind: 3, dataset: -1 };
  const problems: string[] = [];
  const out: Prediction[] = [];
  for (const { record, info } of headed ? records.slice(1) : records) {
    const p = parseRow(record, info.lines, index, videos);
    if (typeof p === 'string') problems.push(`line ${info.lines}: ${p}`);
    else out.push(p);
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).join('\n  ');
    const more = problems.length > MAX_LISTED ? `\n  … and ${problems.length - MAX_LISTED} more` : '';
    throw new MeUnifyError(`${file}: ${problems.length} bad prediction row(s):\n  ${listed}${more}`, {
      file,
    });
  }
  return out;
}

function columnsOf(file: string, header: readonly string[]): Record<Column, number> {
  const names = header.map((h) => h.replace(/^#\s*/, '').toLowerCase());
  const found = {} as Record<Column, number>;
  for (const [column, aliases] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    found[column] = names.findIndex((n) => aliases.includes(n));
    if (found[column] < 0 && column !== 'dataset')
      throw new MeUnifyError(
        `${file}, line 1: no ${aliases.join(' or ')} column in the header (${header.join(',')}); expected vid,pred_onset,pred_offset,type`,
        { file },
      );
  }
  return found;
}

function parseRow(
  record: readonly string[],
  line: number,
  index: Record<Column, number>,
  videos: ReadonlyMap<string, readonly string[]>,
): Prediction | string {
  const cell = (c: Column) => (index[c] < 0 ? '' : (record[index[c]] ?? ''));
  const onset = frameNumber(cell('onset'));
  const offset = frameNumber(cell('offset'));
  if (onset === null) return `onset '${cell('onset')}' is not a frame number; expected a whole number ≥ 0`;
  if (offset === null) return `offset '${cell('offset')}' is not a frame number; expected a whole number ≥ 0`;
  if (onset > offset) return `onset ${onset} is after offset ${offset}`;
  const kind = KINDS[cell('kind').toLowerCase()];
  if (!kind) return `type '${cell('kind')}' is not me, mae, micro or macro`;
  const video = cell('video');
  const holders = videos.get(video);
  if (!holders)
    return `video '${video}' has no ground truth in this output; expected one of the vid values spots writes`;
  const named = cell('dataset');
  if (named) {
    if (!holders.includes(named))
      return `video '${video}' is not in dataset '${named}' (it is in ${holders.join(', ')})`;
    return { line, dataset: named, video, onset, offset, kind };
  }
  if (holders.length > 1)
    return `video '${video}' is in several datasets (${holders.join(', ')}); add a dataset column to say which`;
  return { line, dataset: holders[0] as string, video, onset, offset, kind };
}

/** `12` or `12.0`; not `12.5`, `-1` or text. */
function frameNumber(text: string): number | null {
  if (!/^\d+(\.0+)?$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
