import { MICRO_CLIP_DIR } from './layout.js';
import type { LongVideoRow } from './lv-sheet.js';
import type { SammRow } from './sheet.js';

export interface EmotionMatch {
  micro: SammRow;
  /** True when the micro sheet's Filename is also the long-video row's Filename. */
  sameFilename: boolean;
}

export interface EmotionMerge {
  /** Long-video row (by Filename) → the micro-sheet row whose emotion it takes. */
  matches: Map<LongVideoRow, EmotionMatch>;
  /** Micro rows of the long-video sheet, matched or not. */
  microRows: number;
  sameFilename: number;
  unmatchedLongVideo: LongVideoRow[];
  unmatchedMicro: SammRow[];
}

/** `{subject}_{inducement}`: the long video a micro clip was cut from (datasets.md §2.2, §2.5). */
function videoOf(row: SammRow): string | null {
  const m = MICRO_CLIP_DIR.exec(row.filename);
  if (m) return `${m[1]}_${m[2]}`;
  return row.inducement === null ? null : `${row.subject}_${row.inducement}`;
}

/** The annotated span of a long-video row; an unknown onset/offset stands at the apex. */
function spanOf(row: LongVideoRow): [number, number] | null {
  const lo = row.onset ?? row.apex;
  const hi = row.offset ?? row.apex;
  return lo === null || hi === null ? null : [lo, hi];
}

/**
 * Gives the long video's micro-expressions the emotion of the micro sheet. The two sheets number
 * their rows differently — the long-video `Filename` counts macro and micro movements of a video,
 * so a join on (Filename, Type) can come out empty or wrong (datasets.md §2.5, ME-TST#4) — but
 * both give absolute frame numbers of the same video. Rows are therefore matched within a video by
 * the overlap of their frame ranges (best intersection-over-union first, each row used once).
 */
export function mergeEmotions(
  longRows: readonly LongVideoRow[],
  microRows: readonly SammRow[],
): EmotionMerge {
  const byVideo = new Map<string, SammRow[]>();
  for (const m of microRows) {
    const v = videoOf(m);
    if (v === null) continue;
    byVideo.set(v, [...(byVideo.get(v) ?? []), m]);
  }
  const micros = longRows.filter((r) => r.kind === 'micro');
  const pairs: { lv: LongVideoRow; micro: SammRow; iou: number; same: boolean }[] = [];
  for (const lv of micros) {
    const span = spanOf(lv);
    if (!span) continue;
    for (const micro of byVideo.get(lv.video) ?? []) {
      const overlap = Math.min(span[1], micro.offset) - Math.max(span[0], micro.onset) + 1;
      if (overlap <= 0) continue;
      const union = Math.max(span[1], micro.offset) - Math.min(span[0], micro.onset) + 1;
      pairs.push({ lv, micro, iou: overlap / union, same: lv.filename === micro.filename });
    }
  }
  pairs.sort((a, b) => b.iou - a.iou || Number(b.same) - Number(a.same) || a.lv.row - b.lv.row);
  const matches = new Map<LongVideoRow, EmotionMatch>();
  const used = new Set<SammRow>();
  for (const p of pairs) {
    if (matches.has(p.lv) || used.has(p.micro)) continue;
    matches.set(p.lv, { micro: p.micro, sameFilename: p.same });
    used.add(p.micro);
  }
  return {
    matches,
    microRows: micros.length,
    sameFilename: [...matches.values()].filter((m) => m.sameFilename).length,
    unmatchedLongVideo: micros.filter((r) => !matches.has(r)),
    unmatchedMicro: microRows.filter((m) => !used.has(m)),
  };
}
