import { subjectKey } from '../protocols/groups.js';
import type { Sample } from '../schema/sample.js';

export interface LengthSummary {
  min: number;
  median: number;
  max: number;
  mean: number;
}

export interface DatasetStats {
  dataset: string;
  samples: number;
  subjects: number;
  /** label (or `(none)`) → count */
  by_label: Record<string, number>;
  /** micro / macro → count */
  by_kind: Record<string, number>;
  /** emotion as written (or `(none)`) → count */
  by_emotion: Record<string, number>;
  /** namespaced subject → count */
  by_subject: Record<string, number>;
  /** onset..offset in frames (inclusive), the span most methods use */
  expression_length: LengthSummary | null;
  /** frames in the clip */
  clip_length: LengthSummary | null;
  apex_missing: number;
}

export interface Stats {
  samples: number;
  subjects: number;
  labels: string[];
  by_label: Record<string, number>;
  by_kind: Record<string, number>;
  datasets: DatasetStats[];
}

export const NO_LABEL = '(none)';

/** Counts by dataset × label, subjects and clip lengths: what `me-unify stats` prints. */
export function computeStats(samples: readonly Sample[]): Stats {
  const byDataset = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = byDataset.get(s.dataset);
    if (list) list.push(s);
    else byDataset.set(s.dataset, [s]);
  }
  const datasets = [...byDataset.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dataset, list]) => datasetStats(dataset, list));
  const byLabel = countBy(samples, (s) => s.label ?? NO_LABEL);
  return {
    samples: samples.length,
    subjects: new Set(samples.map(subjectKey)).size,
    labels: orderedLabels(Object.keys(byLabel)),
    by_label: byLabel,
    by_kind: countBy(samples, (s) => s.kind),
    datasets,
  };
}

function datasetStats(dataset: string, list: readonly Sample[]): DatasetStats {
  return {
    dataset,
    samples: list.length,
    subjects: new Set(list.map(subjectKey)).size,
    by_label: countBy(list, (s) => s.label ?? NO_LABEL),
    by_kind: countBy(list, (s) => s.kind),
    by_emotion: countBy(list, (s) => s.emotion ?? NO_LABEL),
    by_subject: countBy(list, subjectKey),
    expression_length: summarise(list.map((s) => s.offset - s.onset + 1)),
    clip_length: summarise(list.map((s) => s.frame_count)),
    apex_missing: list.filter((s) => s.apex === null).length,
  };
}

export function countBy<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function summarise(values: readonly number[]): LengthSummary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    min: sorted[0] ?? 0,
    median,
    max: sorted[sorted.length - 1] ?? 0,
    mean: Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 10) / 10,
  };
}

/** Alphabetical, with "no label" last. */
export function orderedLabels(labels: readonly string[]): string[] {
  return [...labels].sort((a, b) => (a === NO_LABEL ? 1 : b === NO_LABEL ? -1 : a.localeCompare(b)));
}

/** A plain-text table for the terminal. */
export function formatStats(stats: Stats): string[] {
  const labels = stats.labels;
  const header = [
    'dataset',
    'samples',
    'micro',
    'macro',
    'subjects',
    ...labels,
    'clip frames (min/median/max)',
  ];
  const rows = stats.datasets.map((d) => [
    d.dataset,
    String(d.samples),
    String(d.by_kind.micro ?? 0),
    String(d.by_kind.macro ?? 0),
    String(d.subjects),
    ...labels.map((l) => String(d.by_label[l] ?? 0)),
    d.clip_length ? `${d.clip_length.min}/${d.clip_length.median}/${d.clip_length.max}` : '-',
  ]);
  rows.push([
    'total',
    String(stats.samples),
    String(stats.subjects),
    ...labels.map((l) => String(stats.by_label[l] ?? 0)),
    String(stats.by_kind.micro ?? 0),
    String(stats.by_kind.macro ?? 0),
    '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const d of stats.datasets) {
    if (d.expression_length)
      out.push(
        `${d.dataset}: onset..offset ${d.expression_length.min}–${d.expression_length.max} frames (median ${d.expression_length.median}); ${d.apex_missing} without apex`,
      );
  }
  return out;
}
