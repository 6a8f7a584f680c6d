import type { SammRow } from '../samm/sheet.js';
import type { LongVideoRow } from './sheet.js';

export interface EmotionMatch {
  micro: SammRow;
  /** Micro-sheet onset − long-video onset: the two sheets number some videos' frames differently. */
  frameShift: number | null;
  /** Whether offset − onset is the same in both sheets; null when the long-video row lacks onset or offset. */
  durationAgrees: boolean | null;
}

export interface DurationMismatch {
  row: LongVideoRow;
  micro: SammRow;
  longVideo: number;
  microSheet: number;
}

export interface EmotionMerge {
  /** Long-video micro row → the micro-sheet row with the same Filename. */
  matches: Map<LongVideoRow, EmotionMatch>;
  /** Micro rows of the long-video sheet, matched or not. */
  microRows: number;
  /** Matches whose frame numbers differ between the sheets (by one constant per video). */
  shifted: number;
  durationMismatches: DurationMismatch[];
  /** Micro rows of the long-video sheet whose Filename the micro sheet does not list. */
  unmatchedLongVideo: LongVideoRow[];
  unmatchedMicro: SammRow[];
}

const duration = (onset: number, offset: number) => offset - onset;

/**
 * Gives the long video's micro-expressions the emotion of the micro sheet, joined by `Filename`:
 * the micro rows of the long-video sheet carry exactly the micro sheet's Filenames, which lists
 * micro-expressions only, but about half the videos number their frames differently (by one round
 * constant), so a join by frame overlap fails for those (docs/datasets.md §2.5.1). The durations
 * (offset − onset) must agree; each disagreement is returned for reporting, the emotion still merged.
 */
export function mergeEmotions(
  longRows: readonly LongVideoRow[],
  microRows: readonly SammRow[],
): EmotionMerge {
  const byFilename = new Map<string, SammRow>();
  for (const m of microRows) if (!byFilename.has(m.filename)) byFilename.set(m.filename, m);
  const micros = longRows.filter((r) => r.kind === 'micro');
  const matches = new Map<LongVideoRow, EmotionMatch>();
  const durationMismatches: DurationMismatch[] = [];
  const used = new Set<SammRow>();
  for (const lv of micros) {
    const micro = byFilename.get(lv.filename);
    if (!micro) continue;
    used.add(micro);
    let durationAgrees: boolean | null = null;
    if (lv.onset !== null && lv.offset !== null) {
      const longVideo = duration(lv.onset, lv.offset);
      const microSheet = duration(micro.onset, micro.offset);
      // fractional frame numbers (§2.5.1) are compared to the nearest frame
      durationAgrees = Math.round(longVideo) === Math.round(microSheet);
      if (!durationAgrees) durationMismatches.push({ row: lv, micro, longVideo, microSheet });
    }
    const frameShift = lv.onset === null ? null : micro.onset - lv.onset;
    matches.set(lv, { micro, frameShift, durationAgrees });
  }
  return {
    matches,
    microRows: micros.length,
    shifted: [...matches.values()].filter((m) => m.frameShift !== null && m.frameShift !== 0).length,
    durationMismatches,
    unmatchedLongVideo: micros.filter((r) => !matches.has(r)),
    unmatchedMicro: microRows.filter((m) => !used.has(m)),
  };
}
