import { csvField } from '../protocols/splits.js';
import type { GroundTruth, SpotInterval } from './ground-truth.js';
import type { Pairing } from './score.js';

export const MEGC_TYPE = { micro: 'me', macro: 'mae' } as const;

/** The ground truth grouped per long video, with what could not be ground truth. */
export function groundTruthJson(gt: GroundTruth, manifest: string): unknown {
  const videos = new Map<
    string,
    { dataset: string; video: string; expressions: Omit<SpotInterval, 'dataset' | 'video'>[] }
  >();
  for (const { dataset, video, onset, offset, apex, kind, sample, sheet, row } of gt.expressions) {
    const key = JSON.stringify([dataset, video]);
    let v = videos.get(key);
    if (!v) {
      v = { dataset, video, expressions: [] };
      videos.set(key, v);
    }
    v.expressions.push({ onset, offset, apex, kind, sample, sheet, row });
  }
  const datasets = [...new Set([...gt.expressions, ...gt.unknown].map((e) => e.dataset))].sort();
  return {
    manifest,
    frame_numbering: "each video's own frame numbers, both ends included (the sheet's, as in source_frames)",
    datasets: datasets.map((dataset) => {
      const mine = gt.expressions.filter((e) => e.dataset === dataset);
      return {
        dataset,
        videos: new Set(mine.map((e) => e.video)).size,
        micro: mine.filter((e) => e.kind === 'micro').length,
        macro: mine.filter((e) => e.kind === 'macro').length,
        unknown: gt.unknown.filter((e) => e.dataset === dataset).length,
      };
    }),
    videos: [...videos.values()],
    unknown: gt.unknown,
    rounded: gt.rounded,
    duplicates: gt.duplicates,
    substituted: gt.substituted,
  };
}

/** The MEGC CSV form `vid,onset,offset,type` (type me / mae); a dataset column when several datasets share the file. */
export function groundTruthCsv(expressions: readonly SpotInterval[]): string {
  const several = new Set(expressions.map((e) => e.dataset)).size > 1;
  const lines = [several ? 'vid,onset,offset,type,dataset' : 'vid,onset,offset,type'];
  for (const e of expressions) {
    const cells = [e.video, String(e.onset), String(e.offset), MEGC_TYPE[e.kind]];
    if (several) cells.push(e.dataset);
    lines.push(cells.map(csvField).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** One line per pairing, tab-separated, `-` for a missing side (the MEGC 2020 log's convention, docs/datasets-more.md §6.3). */
export function pairingLog(pairings: readonly Pairing[]): string {
  const lines = ['dataset\tvid\ttype\tgt_onset\tgt_offset\tpred_onset\tpred_offset\tresult\tpred_line'];
  const dash = (n: number | undefined) => (n === undefined ? '-' : String(n));
  for (const p of pairings)
    lines.push(
      [
        p.dataset,
        p.video,
        MEGC_TYPE[p.kind],
        dash(p.truth?.onset),
        dash(p.truth?.offset),
        dash(p.prediction?.onset),
        dash(p.prediction?.offset),
        p.result,
        dash(p.prediction?.line),
      ].join('\t'),
    );
  return `${lines.join('\n')}\n`;
}
