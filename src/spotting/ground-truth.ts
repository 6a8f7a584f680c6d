import type { Sample } from '../schema/sample.js';
import { longVideoOf } from './long-video.js';

export type SpotKind = 'micro' | 'macro';

/** One annotated expression of a long video, in the video's own frame numbering (inclusive). */
export interface SpotInterval {
  dataset: string;
  video: string;
  onset: number;
  offset: number;
  /** The annotated apex, when there is one (never the midpoint a converter filled in). */
  apex: number | null;
  kind: SpotKind;
  /** The sample this record comes from, and the sheet row it was read from. */
  sample: string;
  sheet: string | null;
  row: number | null;
}

/** A long-video sample that cannot be ground truth because its onset or offset was not annotated. */
export interface UnknownInterval {
  dataset: string;
  video: string;
  sample: string;
  kind: SpotKind;
  onset: number | null;
  offset: number | null;
  reason: string;
  sheet: string | null;
  row: number | null;
}

export interface GroundTruth {
  expressions: SpotInterval[];
  unknown: UnknownInterval[];
  /** Sheet frame numbers that were not whole (SAMM-LV has `566.4000000000001`) and were rounded. */
  rounded: string[];
  /** Records sharing (dataset, video, onset, offset, kind) with an earlier one: kept, but worth a look. */
  duplicates: string[];
  /** With `unknownEnd: 'apex'`: the unknown onsets or offsets replaced by the apex, one line each. */
  substituted: string[];
}

/**
 * An onset or offset the sheet leaves unknown: `exclude` (the default) leaves the sample out and
 * lists it; `apex` puts the annotated apex in its place, as the MEGC organisers' loaders do for
 * CAS(ME)²'s offset 0 (docs/datasets-more.md §1.7, §6.1), and lists every replacement.
 */
export const UNKNOWN_END_CHOICES = ['exclude', 'apex'] as const;
export type UnknownEnd = (typeof UNKNOWN_END_CHOICES)[number];

const frame = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : Math.round(n));

/**
 * The spotting ground truth of every long-video sample, sorted by dataset, video and onset. An onset
 * or offset the sheet leaves unknown is reported, never replaced by the apex: the MEGC loaders
 * disagree on that substitution (docs/datasets-more.md §6.1, docs/datasets.md §2.5).
 */
export function groundTruth(samples: readonly Sample[], unknownEnd: UnknownEnd = 'exclude'): GroundTruth {
  const gt: GroundTruth = { expressions: [], unknown: [], rounded: [], duplicates: [], substituted: [] };
  for (const s of samples) {
    const video = longVideoOf(s);
    if (video === null) continue;
    const { onset: rawOnset, apex: rawApex, offset: rawOffset } = s.source_frames;
    const apexNo = frame(rawApex);
    let onset = frame(rawOnset);
    let offset = frame(rawOffset);
    if (unknownEnd === 'apex' && apexNo !== null && apexNo >= 0 && (onset === null || offset === null)) {
      const ends = [onset === null ? 'onset' : null, offset === null ? 'offset' : null].filter(Boolean);
      gt.substituted.push(`${s.id}: ${ends.join(' and ')} unknown, set to the apex ${apexNo}`);
      onset ??= apexNo;
      offset ??= apexNo;
    }
    const where = {
      dataset: s.dataset,
      video,
      sample: s.id,
      kind: s.kind,
      sheet: s.source.sheet,
      row: s.source.row,
    };
    if (onset === null || offset === null) {
      const missing = [onset === null ? 'onset' : null, offset === null ? 'offset' : null].filter(Boolean);
      gt.unknown.push({
        ...where,
        onset,
        offset,
        reason: `${missing.join(' and ')} not annotated in the sheet (source_frames.${missing.join(', source_frames.')} is null)`,
      });
      continue;
    }
    if (onset > offset) {
      gt.unknown.push({
        ...where,
        onset,
        offset,
        reason: `onset ${onset} is after offset ${offset} in the sheet`,
      });
      continue;
    }
    for (const n of [rawOnset, rawApex, rawOffset])
      if (n !== null && !Number.isInteger(n)) gt.rounded.push(`${s.id}: ${n} → ${Math.round(n)}`);
    gt.expressions.push({ ...where, onset, offset, apex: apexNo !== null && apexNo >= 0 ? apexNo : null });
  }
  const order = (a: SpotInterval | UnknownInterval, b: SpotInterval | UnknownInterval) =>
    a.dataset.localeCompare(b.dataset) ||
    a.video.localeCompare(b.video, 'en', { numeric: true }) ||
    (a.onset ?? 0) - (b.onset ?? 0) ||
    a.sample.localeCompare(b.sample, 'en', { numeric: true });
  gt.expressions.sort(order);
  gt.unknown.sort(order);
  const seen = new Map<string, string>();
  for (const e of gt.expressions) {
    const key = [e.dataset, e.video, e.onset, e.offset, e.kind].join('\u0000');
    const first = seen.get(key);
    if (first)
      gt.duplicates.push(`${e.sample} repeats ${first} (${e.video} ${e.onset}..${e.offset} ${e.kind})`);
    else seen.set(key, e.sample);
  }
  return gt;
}
