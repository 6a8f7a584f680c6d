import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';
import { type MediaIndex, type TifSequence, VIDEO_EXT } from './media.js';
import { normaliseName, type Pseudonyms } from './pseudonyms.js';
import type { MmmeRow } from './sheet.js';

/** Where an issue about one sheet row points. */
export type Where = { sample: string; file: string; row: number };

/** The trial video named by `Filename`, anywhere under the root (another container format also matches by stem). */
export function findVideo(
  media: MediaIndex,
  row: MmmeRow,
  root: string,
  issues: IssueLog,
  where: Where,
  rel: (abs: string) => string,
): string | null {
  const name = path.basename(row.filename.replace(/\\/g, '/')).toLowerCase();
  const stem = VIDEO_EXT.test(name) ? name.replace(/\.[^.]+$/, '') : name;
  const found = media.videosByName.get(name) ?? media.videosByStem.get(stem) ?? [];
  if (found.length === 0) return null;
  if (found.length > 1) {
    // several copies (e.g. per annotator): prefer one in a folder named after the participant
    const named = found.filter((f) =>
      relativePosix(root, path.dirname(f)).toLowerCase().includes(normaliseName(row.name)),
    );
    const chosen = (named[0] ?? found[0]) as string;
    issues.warn(
      'mmme.video-duplicate',
      `${found.length} videos share this trial's name; using ${rel(chosen)}`,
      where,
    );
    return chosen;
  }
  return found[0] as string;
}

/** The .tif sequence of the row's trial: same marker (and date), covering the OnsetFrame clock time. */
export function findSequence(
  media: MediaIndex,
  row: MmmeRow,
  pseudonyms: Pseudonyms,
  issues: IssueLog,
  where: Where,
): TifSequence | null {
  const clock = row.onsetClock;
  if (!clock || media.sequences.length === 0) return null;
  const candidates = media.sequences.filter(
    (s) =>
      s.marker === row.marker &&
      (!row.trial || s.date === row.trial.date) &&
      (s.frames[0]?.time.ms ?? Number.POSITIVE_INFINITY) <= clock.ms + 4 &&
      (s.frames[s.frames.length - 1]?.time.ms ?? Number.NEGATIVE_INFINITY) >= clock.ms - 4,
  );
  if (candidates.length <= 1) return candidates[0] ?? null;
  const name = normaliseName(row.name);
  const named = candidates.filter((s) => s.dir.toLowerCase().includes(name));
  if (named.length === 1) return named[0] as TifSequence;
  issues.error(
    'mmme.tif-ambiguous',
    `${candidates.length} .tif sequences of marker ${row.marker} cover OnsetFrame ${clock.text} and none is in a folder named after participant ${pseudonyms.of(row.name)}; expected one`,
    where,
  );
  return null;
}
