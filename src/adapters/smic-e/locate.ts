import type { IssueLog } from '../../issues/issues.js';
import type { FrameFile } from '../../sources/frames.js';
import { describeRangeProblem, type FrameRange, locateRange } from '../kit/locate-range.js';
import type { SubsetSheet } from './find-sheets.js';
import type { SmicERow } from './sheet.js';

/**
 * Onset/offset are absolute frame numbers, as in the file names (§3.3, davidnvq). Where a copy
 * renumbered its files from 0 or 1, the index is OnsetF − FirstF instead (genbing99, §3.3).
 */
export function locate(
  frames: readonly FrameFile[],
  row: SmicERow,
  interval: { k: number; onset: number; offset: number; apex: number | null },
  rel: string,
  id: string,
  sheet: SubsetSheet,
  issues: IssueLog,
): FrameRange | null {
  const where = { sample: id, file: sheet.rel, row: row.row };
  const suffix = interval.k === 1 ? '' : String(interval.k);
  let located = locateRange(frames, interval.onset, interval.apex, interval.offset);
  const first = (frames[0] as FrameFile).number;
  if (
    !located.range &&
    located.problem?.kind !== 'order' &&
    row.firstF !== null &&
    first < row.firstF &&
    interval.onset >= row.firstF
  ) {
    const shift = row.firstF - first;
    const relative = locateRange(
      frames,
      interval.onset - shift,
      interval.apex === null ? null : interval.apex - shift,
      interval.offset - shift,
    );
    if (relative.range) {
      issues.warn(
        'smic-e.relative-numbering',
        `${rel}/ numbers its frames from ${first}, not from FirstF ${row.firstF}; Onset${suffix}F/Offset${suffix}F taken relative to FirstF (index = OnsetF − FirstF, docs/datasets.md §3.3)`,
        where,
      );
      located = relative;
    }
  }
  if (!located.range) {
    issues.error(
      'frames.range',
      `${rel}/: ${describeRangeProblem(located.problem)} (Onset${suffix}F ${interval.onset}, Offset${suffix}F ${interval.offset}; the folder holds ${first}..${frames[frames.length - 1]?.number})`,
      where,
    );
    return null;
  }
  if (located.apexProblem) {
    issues.warn(
      'apex.outside',
      `ApexF ${located.apexProblem.number} is ${located.apexProblem.kind === 'apex-outside' ? 'outside onset..offset' : 'not a frame in the folder'}; the apex is left to the apex policy, the sheet value is kept in source_frames`,
      where,
    );
  }
  return located.range;
}
