/** Tiny inline-SVG charts: no script, no external resource, so the page renders anywhere. */

export const PALETTE = [
  '#d1495b',
  '#2e86ab',
  '#edae49',
  '#66a182',
  '#8d6a9f',
  '#00798c',
  '#f78c6b',
  '#5c5c5c',
];

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface Series {
  name: string;
  color: string;
}

/**
 * Grouped vertical bars: one group per category, one bar per series.
 * `values[g][s]` is the count of series s in group g.
 */
export function groupedBars(opts: {
  title: string;
  groups: readonly string[];
  series: readonly Series[];
  values: readonly (readonly number[])[];
  width?: number;
  height?: number;
}): string {
  const { groups, series, values } = opts;
  const width = opts.width ?? 640;
  const pad = { l: 44, r: 12, t: 28, b: 40 };
  const plotW = width - pad.l - pad.r;
  const axis = xLabels(groups, plotW / Math.max(1, groups.length));
  pad.b = axis.depth;
  // the plot keeps its height; rotated labels get room below it
  const height = (opts.height ?? 260) + Math.max(0, axis.depth - 40);
  const plotH = height - pad.t - pad.b;
  const max = Math.max(1, ...values.flat());
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? max;
  const groupW = plotW / Math.max(1, groups.length);
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, series.length));
  const y = (v: number) => pad.t + plotH - (v / top) * plotH;
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(
      `<line x1="${pad.l}" x2="${width - pad.r}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`,
      `<text x="${pad.l - 4}" y="${y(t) + 4}" text-anchor="end" font-size="10">${t}</text>`,
    );
  }
  groups.forEach((g, gi) => {
    const x0 = pad.l + gi * groupW + groupW * 0.1;
    series.forEach((s, si) => {
      const v = values[gi]?.[si] ?? 0;
      if (v <= 0) return;
      const x = x0 + si * barW;
      parts.push(
        `<rect class="bar" x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(pad.t + plotH - y(v)).toFixed(1)}" fill="${s.color}"><title>${escapeXml(`${g} · ${s.name}: ${v}`)}</title></rect>`,
      );
      if (groups.length * series.length <= 40)
        parts.push(
          `<text x="${(x + barW / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}" text-anchor="middle" font-size="10">${v}</text>`,
        );
    });
    if (gi % axis.every !== 0) return;
    const lx = (pad.l + gi * groupW + groupW / 2).toFixed(1);
    const ly = pad.t + plotH + 14;
    const text = escapeXml(axis.shown[gi] ?? '');
    const full = axis.shown[gi] === g ? '' : `<title>${escapeXml(g)}</title>`;
    parts.push(
      axis.rotate
        ? `<text class="xlabel" x="${lx}" y="${ly}" font-size="${axis.fontSize}" text-anchor="end" transform="rotate(-60 ${lx} ${ly})">${full}${text}</text>`
        : `<text class="xlabel" x="${lx}" y="${ly}" font-size="${axis.fontSize}" text-anchor="middle">${full}${text}</text>`,
    );
  });
  parts.push(
    `<line x1="${pad.l}" x2="${width - pad.r}" y1="${pad.t + plotH}" y2="${pad.t + plotH}" stroke="#444"/>`,
  );
  const legend = series.length > 1 ? legendSvg(series, pad.l, 14) : '';
  return svg(width, height, opts.title, parts.join('') + legend);
}

/** Longest x label shown; longer ones end in `…` (the full text is the label's tooltip). */
const MAX_LABEL_CHARS = 14;
/** Average glyph width of the sans-serif axis font, as a fraction of its size (digits ≈ 0.56). */
const GLYPH = 0.6;

/**
 * How the x labels fit under groups `groupW` apart without touching: horizontal when the longest
 * fits its slot, else rotated 60° (then each label needs about one line height of slot, so on
 * crowded axes only every n-th group is labelled). `depth` is the room they need below the plot.
 */
export function xLabels(
  groups: readonly string[],
  groupW: number,
): { shown: string[]; rotate: boolean; every: number; fontSize: number; depth: number } {
  const shown = groups.map((g) => (g.length > MAX_LABEL_CHARS ? `${g.slice(0, MAX_LABEL_CHARS - 1)}…` : g));
  const longest = Math.max(0, ...shown.map((s) => s.length));
  const horizontal = 11;
  if (longest * horizontal * GLYPH <= groupW * 0.9)
    return { shown, rotate: false, every: 1, fontSize: horizontal, depth: 40 };
  const fontSize = 9;
  // rotated by 60°, neighbours are groupW·sin 60° apart across the text: at least a line of 9 px
  const every = Math.max(1, Math.ceil((fontSize * 1.2) / (groupW * Math.sin(Math.PI / 3))));
  const depth = Math.ceil(18 + longest * fontSize * GLYPH * Math.sin(Math.PI / 3));
  return { shown, rotate: true, every, fontSize, depth };
}

/** A histogram of values in `bins` equal-width bins. */
export function histogram(opts: {
  title: string;
  values: readonly number[];
  color: string;
  bins?: number;
  unit?: string;
  width?: number;
  height?: number;
}): string {
  const values = opts.values;
  if (values.length === 0)
    return svg(opts.width ?? 320, 60, opts.title, '<text x="8" y="36">no samples</text>');
  const min = Math.min(...values);
  const max = Math.max(...values);
  const bins = Math.max(1, Math.min(opts.bins ?? 12, max - min + 1));
  const step = (max - min + 1) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const i = Math.min(bins - 1, Math.floor((v - min) / step));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const labels = counts.map((_, i) => `${Math.round(min + i * step)}`);
  return groupedBars({
    title: opts.title,
    groups: labels,
    series: [{ name: opts.unit ?? 'samples', color: opts.color }],
    values: counts.map((c) => [c]),
    width: opts.width ?? 320,
    height: opts.height ?? 200,
  });
}

function legendSvg(series: readonly Series[], x: number, y: number): string {
  let cx = x;
  return series
    .map((s) => {
      const item = `<rect x="${cx}" y="${y - 9}" width="10" height="10" fill="${s.color}"/><text x="${cx + 14}" y="${y}" font-size="11">${escapeXml(s.name)}</text>`;
      cx += 24 + s.name.length * 7;
      return item;
    })
    .join('');
}

function svg(width: number, height: number, title: string, body: string): string {
  return `<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" font-family="sans-serif">${body}</svg>`;
}

/** Round tick values from 0 up to at least max. */
export function niceTicks(max: number): number[] {
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(Math.max(1, raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(t);
  return ticks;
}
