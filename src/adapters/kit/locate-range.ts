import type { ApexSource } from '../../schema/sample.js';
import type { FrameFile } from '../../sources/frames.js';

export interface FrameRange {
  onset: number;
  apex: number | null;
  offset: number;
  apex_source: ApexSource;
}

export type RangeProblem =
  | { kind: 'onset-missing'; number: number }
  | { kind: 'offset-missing'; number: number }
  | { kind: 'order'; onset: number; offset: number }
  | { kind: 'gap'; numbers: number[] };

export interface ApexProblem {
  kind: 'apex-missing-frame' | 'apex-outside';
  number: number;
}

/**
 * Finds the indices of the annotated onset/apex/offset frame numbers in a clip's frames. The
 * range must be complete (no missing frame numbers between onset and offset). An apex that is
 * outside the range or has no file is not moved: the index becomes null and the problem is returned
 * so the adapter can report it (the annotated number stays in `source_frames`).
 */
/** Where a sheet's frame numbers fall in a clip's frames: a range (the apex may still be unusable), or why there is none. */
export type LocatedRange =
  | { range: FrameRange; problem: null; apexProblem: ApexProblem | null; missing?: number[] }
  | { range: null; problem: RangeProblem; apexProblem: null };

export interface LocateOptions {
  /**
   * Frames are found by number and a source drops frames (CAS(ME)^3, docs/datasets-more.md §2.3):
   * numbers missing between onset and offset are returned in `missing` instead of refusing the range.
   */
  allowGaps?: boolean;
}

export function locateRange(
  frames: readonly FrameFile[],
  onsetNo: number,
  apexNo: number | null,
  offsetNo: number,
  opts: LocateOptions = {},
): LocatedRange {
  if (offsetNo < onsetNo)
    return { range: null, problem: { kind: 'order', onset: onsetNo, offset: offsetNo }, apexProblem: null };
  const index = new Map<number, number>();
  frames.forEach((f, i) => {
    index.set(f.number, i);
  });
  const onset = index.get(onsetNo);
  if (onset === undefined)
    return { range: null, problem: { kind: 'onset-missing', number: onsetNo }, apexProblem: null };
  const offset = index.get(offsetNo);
  if (offset === undefined)
    return { range: null, problem: { kind: 'offset-missing', number: offsetNo }, apexProblem: null };
  const missing: number[] = [];
  for (let n = onsetNo; n <= offsetNo && missing.length < 50; n++) if (!index.has(n)) missing.push(n);
  if (missing.length > 0 && !opts.allowGaps)
    return { range: null, problem: { kind: 'gap', numbers: missing }, apexProblem: null };
  let apex: number | null = null;
  let apexProblem: ApexProblem | null = null;
  if (apexNo !== null) {
    if (apexNo < onsetNo || apexNo > offsetNo) apexProblem = { kind: 'apex-outside', number: apexNo };
    else {
      const i = index.get(apexNo);
      if (i === undefined) apexProblem = { kind: 'apex-missing-frame', number: apexNo };
      else apex = i;
    }
  }
  return {
    range: { onset, apex, offset, apex_source: apex === null ? 'missing' : 'annotated' },
    problem: null,
    apexProblem,
    ...(missing.length > 0 ? { missing } : {}),
  };
}

export function describeRangeProblem(p: RangeProblem): string {
  switch (p.kind) {
    case 'onset-missing':
      return `no frame numbered ${p.number} (the onset) in the clip folder`;
    case 'offset-missing':
      return `no frame numbered ${p.number} (the offset) in the clip folder`;
    case 'order':
      return `offset ${p.offset} is before onset ${p.onset}`;
    case 'gap':
      return `frames missing between onset and offset: ${p.numbers.slice(0, 10).join(', ')}${p.numbers.length > 10 ? ', …' : ''}`;
  }
}
