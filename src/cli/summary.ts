import path from 'node:path';
import type { ConvertResult } from '../convert/convert.js';
import { formatIssue } from '../issues/issues.js';
import { plural } from '../issues/plural.js';

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
    `kinds: ${kindCounts(result.samples)}`,
  ];
  // which sheet versions were read, and what an errata list changed (docs/datasets.md §1.5, §7.1)
  for (const d of info.datasets) {
    for (const s of d.sources) lines.push(`source ${s.file}: ${s.version}`);
    if (d.errata) {
      const applied = d.errata.outcomes.filter((o) => o.status === 'applied').length;
      lines.push(
        `errata ${d.errata.list}: ${applied} applied, ${d.errata.outcomes.length - applied} not applied (see report.json, errata.*)`,
      );
    }
  }
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

/** `micro 159, macro 343`: how many samples of each kind (micro- and macro-expressions differ in kind, not only size). */
export function kindCounts(samples: readonly { kind: string }[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
  return (
    ['micro', 'macro']
      .filter((k) => counts.has(k))
      .map((k) => `${k} ${counts.get(k)}`)
      .join(', ') || 'none'
  );
}
