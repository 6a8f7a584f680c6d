import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { CITATIONS } from '../card/citations.js';
import { plural } from '../issues/plural.js';
import { locateManifest, readDatasetInfo, readManifest } from '../manifest/read.js';
import type { DatasetInfo } from '../schema/dataset.js';
import type { Sample } from '../schema/sample.js';
import { computeStats, NO_LABEL, type Stats } from '../stats/stats.js';
import { issuesSection, readOutputReport } from './issues-section.js';
import { escapeXml, groupedBars, histogram, PALETTE } from './svg.js';
import { thumbnail } from './thumbnails.js';

export interface ReportOptions {
  /** Samples shown on the contact sheet (the rest are counted, not shown). */
  contactSheet?: number;
  /** Thumbnail height in pixels. */
  thumbHeight?: number;
  /** Report only micro- or macro-expressions (default all, counted per kind). */
  kind?: 'micro' | 'macro' | 'all';
}

export interface HtmlReportResult {
  file: string;
  samples: number;
  thumbnails: number;
  /** Why the contact sheet is absent or partial, when it is. */
  note: string | null;
}

/** Reads a converted output and writes a self-contained HTML report (inline SVG and data-URI thumbnails). */
export async function writeHtmlReport(
  target: string,
  outFile: string,
  opts: ReportOptions = {},
): Promise<HtmlReportResult> {
  const loc = await locateManifest(target);
  const all = await readManifest(target);
  const kind = opts.kind ?? 'all';
  const samples = kind === 'all' ? all : all.filter((s) => s.kind === kind);
  const info = loc.datasetJson ? await readDatasetInfo(loc.datasetJson) : null;
  const sheet = await contactSheet(samples, loc.dir, info, opts);
  const { report, note } = await readOutputReport(loc.dir);
  const html = renderReport(samples, info, sheet, path.basename(loc.dir), issuesSection(report, note));
  const file = path.resolve(outFile);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, html);
  await rename(tmp, file);
  return { file, samples: samples.length, thumbnails: sheet.thumbnails, note: sheet.note };
}

interface ContactSheet {
  html: string;
  thumbnails: number;
  note: string | null;
}

/**
 * Onset / apex / offset thumbnails per sample, only when the output holds its own frames (copied or
 * processed): with `--frames none` they are the source's licensed images, which a shareable page
 * must not embed.
 */
async function contactSheet(
  samples: readonly Sample[],
  dir: string,
  info: DatasetInfo | null,
  opts: ReportOptions,
): Promise<ContactSheet> {
  const mode = info?.frames.mode ?? 'none';
  if (mode === 'none')
    return {
      html: '',
      thumbnails: 0,
      note: 'no contact sheet: the frames reference the source tree (--frames none); convert with --frames copy to see thumbnails',
    };
  const max = opts.contactSheet ?? 500;
  const shown = samples.slice(0, max);
  const limit = pLimit(8);
  let made = 0;
  let failed = 0;
  const cards = await Promise.all(
    shown.map((s) =>
      limit(async () => {
        const cells = await Promise.all(
          (
            [
              ['onset', s.onset],
              ['apex', s.apex],
              ['offset', s.offset],
            ] as const
          ).map(async ([name, index]) => {
            const rel = index === null ? undefined : s.frames[index];
            if (rel === undefined)
              return `<figure class="thumb none"><span>no ${name}</span><figcaption>${name}</figcaption></figure>`;
            const uri = await thumbnail(path.resolve(dir, rel), opts.thumbHeight ?? 64);
            if (uri === null) {
              failed++;
              return `<figure class="thumb none"><span>unreadable</span><figcaption>${name}</figcaption></figure>`;
            }
            made++;
            return `<figure class="thumb"><img src="${uri}" alt="${escapeXml(`${s.id} ${name}`)}"><figcaption>${name} ${index}</figcaption></figure>`;
          }),
        );
        return `<div class="card"><div class="cap"><b>${escapeXml(s.id)}</b> · ${escapeXml(s.label ?? NO_LABEL)}</div>${cells.join('')}</div>`;
      }),
    ),
  );
  const notes: string[] = [];
  if (samples.length > shown.length)
    notes.push(`showing the first ${shown.length} of ${samples.length} samples`);
  if (failed) notes.push(`${failed} frames could not be read`);
  const licence = imageLimits(shown.map((s) => s.dataset));
  return {
    html: `<section><h2>Contact sheet (onset · apex · offset)</h2>${notes.length ? `<p class="note">${escapeXml(notes.join('; '))}</p>` : ''}${licence.map((l) => `<p class="note licence">${escapeXml(l)}</p>`).join('')}<div class="sheet">${cards.join('')}</div></section>`,
    thumbnails: made,
    note: notes.length ? notes.join('; ') : null,
  };
}

export function renderReport(
  samples: readonly Sample[],
  info: DatasetInfo | null,
  sheet: ContactSheet,
  name: string,
  issuesHtml = '',
): string {
  const stats = computeStats(samples);
  const colors = new Map(
    stats.labels.map((l, i) => [l, l === NO_LABEL ? '#aaaaaa' : (PALETTE[i % PALETTE.length] ?? '#444')]),
  );
  const classChart = groupedBars({
    title: 'Class distribution per dataset',
    groups: stats.datasets.map((d) => d.dataset),
    series: stats.labels.map((l) => ({ name: l, color: colors.get(l) ?? '#444' })),
    values: stats.datasets.map((d) => stats.labels.map((l) => d.by_label[l] ?? 0)),
    width: Math.max(480, 120 * stats.datasets.length * Math.max(1, stats.labels.length / 2)),
  });
  const subjectCharts = stats.datasets
    .map((d, i) => {
      const subjects = Object.keys(d.by_subject).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
      return `<div class="chartbox"><h3>${escapeXml(d.dataset)}: ${d.subjects} subjects</h3>${groupedBars({
        title: `Samples per subject, ${d.dataset}`,
        groups: subjects.map((s) => s.slice(s.lastIndexOf('/') + 1)),
        series: [{ name: 'samples', color: PALETTE[(i + 1) % PALETTE.length] ?? '#444' }],
        values: subjects.map((s) => [d.by_subject[s] ?? 0]),
        width: Math.max(320, 14 * subjects.length + 60),
        height: 220,
      })}</div>`;
    })
    .join('');
  const lengthCharts = stats.datasets
    .map((d, i) => {
      const list = samples.filter((s) => s.dataset === d.dataset);
      return `<div class="chartbox"><h3>${escapeXml(d.dataset)}</h3>${histogram({
        title: `Clip length (frames), ${d.dataset}`,
        values: list.map((s) => s.frame_count),
        color: PALETTE[(i + 3) % PALETTE.length] ?? '#444',
        unit: 'clips',
      })}</div>`;
    })
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>me-unify report: ${escapeXml(name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd}
h3{font-size:13px;margin:4px 0} .meta{color:#555;font-size:13px}
table{border-collapse:collapse;font-size:13px} td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left} .charts{display:flex;flex-wrap:wrap;gap:16px}
.chartbox{border:1px solid #eee;padding:6px} .note{color:#8a5a00;font-size:13px}
.sheet{display:flex;flex-wrap:wrap;gap:8px} .card{border:1px solid #ddd;padding:4px;font-size:11px}
.cap{margin-bottom:2px} .thumb{display:inline-block;margin:0 2px;text-align:center}
.thumb img{display:block;height:64px} .thumb.none span{display:block;height:64px;width:64px;line-height:64px;background:#eee;color:#888}
figcaption{font-size:10px;color:#555}
.issues td{text-align:left;vertical-align:top} .issues tr.error td:first-child{color:#b00020} .msgs ul{margin:0;padding-left:16px}
</style></head><body>
<h1>me-unify report: ${escapeXml(name)}</h1>
<p class="meta">${plural(stats.samples, 'sample')} (${stats.by_kind.micro ?? 0} micro, ${stats.by_kind.macro ?? 0} macro) · ${plural(stats.subjects, 'subject')} · ${stats.datasets.length} dataset${stats.datasets.length === 1 ? '' : 's'} · label profile ${escapeXml(info?.label_profile.name ?? 'unknown')}${info?.created ? ` · created ${escapeXml(info.created)}` : ''}${info ? ` · me-unify ${escapeXml(info.tool.version)}` : ''}</p>
<section><h2>Counts by dataset × kind × label</h2>${countsTable(stats)}</section>
<section><h2>Class distribution per dataset</h2><div class="charts"><div class="chartbox" id="class-chart">${classChart}</div></div></section>
<section><h2>Samples per subject</h2><div class="charts" id="subject-charts">${subjectCharts}</div></section>
<section><h2>Clip length</h2><div class="charts" id="length-charts">${lengthCharts}</div></section>
${issuesHtml}
${sheet.html || `<section><h2>Contact sheet</h2><p class="note">${escapeXml(sheet.note ?? '')}</p></section>`}
</body></html>
`;
}

/** Dataset × (kind, label) counts: micro- and macro-expressions are never mixed silently. */
function countsTable(stats: Stats): string {
  const kinds = (k: Record<string, number>) => `<td>${k.micro ?? 0}</td><td>${k.macro ?? 0}</td>`;
  const head = `<tr><th>dataset</th><th>samples</th><th>micro</th><th>macro</th><th>subjects</th>${stats.labels.map((l) => `<th>${escapeXml(l)}</th>`).join('')}</tr>`;
  const rows = stats.datasets.map(
    (d) =>
      `<tr><td>${escapeXml(d.dataset)}</td><td>${d.samples}</td>${kinds(d.by_kind)}<td>${d.subjects}</td>${stats.labels.map((l) => `<td>${d.by_label[l] ?? 0}</td>`).join('')}</tr>`,
  );
  const total = `<tr><th>total</th><th>${stats.samples}</th>${kinds(stats.by_kind).replaceAll('td>', 'th>')}<th>${stats.subjects}</th>${stats.labels.map((l) => `<th>${stats.by_label[l] ?? 0}</th>`).join('')}</tr>`;
  return `<table>${head}${rows.join('')}${total}</table>`;
}

/** The licences' limits on publishing images of the datasets shown (SMIC's, docs/datasets.md §10). */
function imageLimits(datasets: readonly string[]): string[] {
  const limits = new Set<string>();
  for (const d of new Set(datasets)) {
    const limit = CITATIONS[d]?.imageLimit;
    if (limit) limits.add(`${d}: ${limit}`);
  }
  return [...limits];
}
