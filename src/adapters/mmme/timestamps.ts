/**
 * MMME clock timestamps. The sheet's `OnsetFrame`/`ApexFrame`/`OffsetFrame` hold the time of day
 * of a frame, `HH-MM-SS-mmm` or `HH-MM-SS-mmm-ccc` (docs/datasets.md §4.2 G); the `.tif` frames are
 * named `YYYY-MM-DD-HH-MM-SS-mmm-<code>-<marker>` (docs/datasets.md §4.1). `ccc`/`<code>` is kept
 * as written and only used to tell apart frames of the same millisecond (its meaning is
 * unpublished; FORMAT.md).
 */
export interface ClockTime {
  text: string;
  /** Milliseconds since midnight. */
  ms: number;
  code: number | null;
}

const CLOCK = /^(\d{1,2})-(\d{2})-(\d{2})-(\d{1,3})(?:-(\d{1,6}))?$/;

export function parseClock(text: string | null): ClockTime | null {
  if (text === null) return null;
  const t = text.trim();
  const m = CLOCK.exec(t);
  if (!m) return null;
  const [h, min, s, ms] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  if (h > 23 || min > 59 || s > 59) return null;
  return {
    text: t,
    ms: ((h * 60 + min) * 60 + s) * 1000 + ms,
    code: m[5] === undefined ? null : Number(m[5]),
  };
}

export interface TifFrameName {
  /** `YYYYMMDD`, as in the trial video names. */
  date: string;
  time: ClockTime;
  marker: number;
}

const TIF_NAME =
  /^(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{3})(?:-(\d{1,6}))?-(\d{2,4})(\.tiff?)?$/i;

/** Parses a frame file or folder name `2023-07-21-16-45-38-257-410-112(.tif)`; null when it is not one. */
export function parseTifName(name: string): TifFrameName | null {
  const m = TIF_NAME.exec(name);
  if (!m) return null;
  const clock = `${m[4]}-${m[5]}-${m[6]}-${m[7]}${m[8] === undefined ? '' : `-${m[8]}`}`;
  const time = parseClock(clock);
  if (!time) return null;
  return { date: `${m[1]}${m[2]}${m[3]}`, time, marker: Number(m[9]) };
}

/** `HH-MM-SS-mmm` of a time of day in ms (for messages and fixtures). */
export function formatClock(ms: number, code: number | null = null): string {
  const p = (n: number, w: number) => String(Math.floor(n)).padStart(w, '0');
  const base = `${p(ms / 3_600_000, 2)}-${p((ms / 60_000) % 60, 2)}-${p((ms / 1000) % 60, 2)}-${p(ms % 1000, 3)}`;
  return code === null ? base : `${base}-${p(code, 3)}`;
}
