import type { IssueLog } from '../../issues/issues.js';
import type { SourceSample } from '../adapter.js';
import type { Where } from './find-media.js';
import { droppedFrames, findFrame, NOMINAL_FPS, type TifSequence } from './media.js';
import type { MmmeRow } from './sheet.js';

/** A row's clock times as frame indices of its trial's .tif sequence, or null (issue logged). */
export function tifSample(
  row: MmmeRow,
  seq: TifSequence,
  issues: IssueLog,
  where: Where,
): {
  onset: number;
  apex: number | null;
  offset: number;
  sourceFrames: SourceSample['source_frames'];
} | null {
  const onset = row.onsetClock ? findFrame(seq, row.onsetClock) : null;
  const offset = row.offsetClock ? findFrame(seq, row.offsetClock) : null;
  if (!onset || !offset) {
    issues.error(
      'frames.range',
      `no .tif frame at ${!onset ? `OnsetFrame ${row.onsetClock?.text ?? '(empty)'}` : `OffsetFrame ${row.offsetClock?.text ?? '(empty)'}`} in the trial's sequence (frames ${seq.frames[0]?.time.text}..${seq.frames[seq.frames.length - 1]?.time.text}); expected a frame within half a frame period`,
      where,
    );
    return null;
  }
  if (offset.index < onset.index) {
    issues.error(
      'frames.range',
      `OffsetFrame ${row.offsetClock?.text} is before OnsetFrame ${row.onsetClock?.text}`,
      where,
    );
    return null;
  }
  let apex = row.apexClock ? findFrame(seq, row.apexClock) : null;
  if (row.apexTime === null) apex = null;
  if (
    row.apexClock &&
    row.apexTime !== null &&
    (!apex || apex.index < onset.index || apex.index > offset.index)
  ) {
    issues.warn(
      'apex.outside',
      `ApexFrame ${row.apexClock.text} is not a frame between OnsetFrame and OffsetFrame; the apex is left unknown`,
      where,
    );
    apex = null;
  }
  const inexact = [onset, offset, apex].filter((f) => f && !f.exact).length;
  if (inexact > 0)
    issues.info(
      'mmme.timestamp-nearest',
      `${inexact} of the sheet's clock times name no frame exactly; the nearest frame (within half a frame period) is used`,
      where,
    );
  const dropped = droppedFrames(seq, onset.index, offset.index);
  if (dropped > 0)
    issues.warn(
      'frames.dropped',
      `about ${dropped} frames are missing between OnsetFrame and OffsetFrame (gaps in the .tif timestamps); the frames present are used`,
      where,
    );
  // Times the sheet gives twice (seconds and clock) should agree; a large gap suggests a wrong row.
  const clockSpan =
    ((seq.frames[offset.index]?.time.ms ?? 0) - (seq.frames[onset.index]?.time.ms ?? 0)) / 1000;
  if (Math.abs(clockSpan - (row.offsetTime - row.onsetTime)) > 2 / NOMINAL_FPS + 0.01)
    issues.warn(
      'mmme.times-disagree',
      `OnsetFrame..OffsetFrame span ${clockSpan.toFixed(3)} s but OnsetTime..OffsetTime span ${(row.offsetTime - row.onsetTime).toFixed(3)} s; the .tif frames follow the clock times`,
      where,
    );
  const ms = (i: number | null) => (i === null ? null : (seq.frames[i]?.time.ms ?? null));
  return {
    onset: onset.index,
    apex: apex?.index ?? null,
    offset: offset.index,
    // the frames' own numbering is the clock: milliseconds since midnight (FORMAT.md)
    sourceFrames: { onset: ms(onset.index), apex: ms(apex?.index ?? null), offset: ms(offset.index) },
  };
}
