import path from 'node:path';
import type { ConvertResult } from '../convert/convert.js';
import { formatIssue } from '../report/issues.js';
import { plural } from '../report/plural.js';

/** What a researcher wants to read after a conversion: counts, labels, and the problems worth a look. */
export function summariseConversion(result: ConvertResult): string[] {
  const { info, report } = result;
  const ds = info.datasets.map((d) => `${d.id}${d.layout ? ` (${d.layout})` : ''}`).join(', ');
  const labels = Object.entries(info.counts.by_label)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const rel = path.relative(process.cwd(), result.out) || '.';
  const lines = [
    `${result.dryRun ? 'would convert' : 'converted'} ${plural(info.counts.samples, 'sample')} from ${plural(info.counts.subjects, 'subject')} of ${ds}${result.dryRun ? '' : ` into ${rel}`}`,
    `labels (${info.label_profile.name}): ${labels || 'none'}`,
  ];
  const { error, warning, info: notes } = report.counts;
  if (info.counts.skipped > 0)
    lines.push(`skipped ${plural(info.counts.skipped, 'sample')} with errors (--on-error skip)`);
  lines.push(
    `report: ${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(notes, 'note')}${result.dryRun ? '' : ` (${path.join(rel, 'report.json')})`}`,
  );
  for (const issue of report.issues.filter((i) => i.severity !== 'info').slice(0, 8))
    lines.push(`  ${formatIssue(issue)}`);
  const hidden = report.issues.filter((i) => i.severity !== 'info').length - 8;
  if (hidden > 0) lines.push(`  … ${hidden} more in report.json`);
  return lines;
}
