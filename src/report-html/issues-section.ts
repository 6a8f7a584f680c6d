import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatIssue } from '../issues/issues.js';
import { type Issue, type Report, ReportSchema } from '../schema/issue.js';
import { escapeXml } from './svg.js';

/** Messages shown per code; the rest are counted (report.json lists them all). */
const SHOWN_PER_CODE = 3;

/** The output's report.json, or why it could not be read (the HTML report still renders). */
export async function readOutputReport(dir: string): Promise<{ report: Report | null; note: string | null }> {
  const file = path.join(dir, 'report.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { report: null, note: 'no report.json beside the manifest: no issues to list' };
  }
  try {
    const parsed = ReportSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { report: parsed.data, note: null };
    return {
      report: null,
      note: `report.json is not a me-unify report (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    };
  } catch (err) {
    return {
      report: null,
      note: `report.json is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/** Errors and warnings grouped by code (most frequent first), with a count and the first messages. */
export function issuesSection(report: Report | null, note: string | null): string {
  const head = '<section id="issues"><h2>Warnings and errors</h2>';
  if (!report) return `${head}<p class="note">${escapeXml(note ?? '')}</p></section>`;
  const groups = new Map<string, Issue[]>();
  for (const issue of report.issues) {
    if (issue.severity === 'info') continue;
    const key = `${issue.severity} ${issue.code}`;
    groups.set(key, [...(groups.get(key) ?? []), issue]);
  }
  const summary = `<p class="meta">${report.counts.error} errors · ${report.counts.warning} warnings · ${report.counts.info} info notes (report.json lists every one)</p>`;
  if (groups.size === 0) return `${head}${summary}<p>No warnings or errors.</p></section>`;
  const ordered = [...groups.entries()].sort(
    (a, b) =>
      Number(b[0].startsWith('error')) - Number(a[0].startsWith('error')) || b[1].length - a[1].length,
  );
  const rows = ordered.map(([key, list]) => {
    const [severity, code] = key.split(' ');
    const shown = list.slice(0, SHOWN_PER_CODE).map((i) => `<li>${escapeXml(formatIssue(i))}</li>`);
    const more = list.length > SHOWN_PER_CODE ? `<li>… ${list.length - SHOWN_PER_CODE} more</li>` : '';
    return `<tr class="${severity}"><td>${escapeXml(severity ?? '')}</td><td><code>${escapeXml(code ?? '')}</code></td><td>${list.length}</td><td class="msgs"><ul>${shown.join('')}${more}</ul></td></tr>`;
  });
  return `${head}${summary}<table class="issues"><tr><th>severity</th><th>code</th><th>count</th><th>first messages</th></tr>${rows.join('')}</table></section>`;
}
