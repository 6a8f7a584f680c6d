import { plural } from '../issues/plural.js';
import type { DatasetInfo } from '../schema/dataset.js';
import type { Report } from '../schema/issue.js';
import type { Sample } from '../schema/sample.js';
import { CITATIONS, MEGC2019_CITATION } from './citations.js';

/**
 * README.md written next to manifest.jsonl (a dataset card, as on Hugging Face): what was converted
 * from which sheets with which options, the counts, the label profile's class ids, the issues found
 * and the citations each dataset's licence asks for. Everything comes from dataset.json, the report
 * and the samples, so the card never says more than the output holds.
 */
export function datasetCard(info: DatasetInfo, report: Report, samples: readonly Sample[]): string {
  const ids = info.datasets.map((d) => d.id);
  const title = info.datasets.map((d) => d.title).join(' + ') || 'me-unify output';
  const lines: string[] = [
    `# ${title} — unified by me-unify`,
    '',
    `Written by me-unify ${info.tool.version} (output format ${info.format_version}); the time is in dataset.json (created), so this card is the same on a resumed run.`,
    'Every field of `manifest.jsonl`, `manifest.csv`, `manifest.parquet`, `dataset.json` and `report.json` is',
    "described in the me-unify package's `docs/output-format.md`. The source data stays under its licence:",
    'this folder is a derivative of it and must be shared (or not) on the same terms.',
    '',
    '## Sources',
    '',
    '| dataset | layout | file | version | rows | sha256 |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const d of info.datasets) {
    if (d.sources.length === 0)
      lines.push(`| ${cell(d.id)} | ${cell(d.layout ?? '')} | (no sheet: labels from folder names) | | | |`);
    for (const s of d.sources)
      lines.push(
        `| ${cell(d.id)} | ${cell(d.layout ?? '')} | ${cell(s.file)} | ${cell(s.version)} | ${s.rows ?? ''} | \`${s.sha256}\` |`,
      );
  }
  lines.push('', '## Options', '', '```json', JSON.stringify(definedOnly(info.options), null, 2), '```', '');
  lines.push(`Frames: \`${info.frames.mode}\` (paths stay inside \`${info.frames.root}\`).`, '');

  lines.push(
    '## Counts',
    '',
    `${plural(info.counts.samples, 'sample')} from ${plural(info.counts.subjects, 'subject')}; ${plural(info.counts.skipped, 'row or clip', 'rows or clips')} skipped (see report.json).`,
    '',
    '| dataset | kind | samples |',
    '| --- | --- | --- |',
  );
  for (const [key, n] of tally(samples, (s) => `${s.dataset}\u0000${s.kind}`)) {
    const [dataset, kind] = key.split('\u0000');
    lines.push(`| ${cell(dataset ?? '')} | ${kind} | ${n} |`);
  }
  const classes = info.label_profile.classes;
  lines.push('', '## Labels', '', `Label profile \`${info.label_profile.name}\`.`);
  if (classes)
    lines.push(
      'Class ids (the index of each class, for training code):',
      '',
      ...classes.map((c, i) => `- ${i}: ${c}`),
    );
  else lines.push("The profile keeps each dataset's own emotion as the label (no class ids).");
  lines.push('', '| label | samples |', '| --- | --- |');
  for (const [label, n] of Object.entries(info.counts.by_label)) lines.push(`| ${cell(label)} | ${n} |`);

  const { error, warning, info: notes } = report.counts;
  lines.push(
    '',
    '## Issues found',
    '',
    `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${plural(notes, 'note')} (every one, with the file and row, in report.json).`,
  );
  const codes = tally(report.issues, (i) => `${i.severity} ${i.code}`);
  if (codes.size) lines.push('', '| severity and code | count |', '| --- | --- |');
  for (const [code, n] of codes) lines.push(`| ${cell(code)} | ${n} |`);

  lines.push('', '## Citations', '', 'Publications that use this data should cite:', '');
  for (const id of ids) {
    const c = CITATIONS[id];
    if (!c) {
      lines.push(`- ${id}: no citation is known to me-unify; see the dataset's licence.`);
      continue;
    }
    lines.push(`- **${id}** (${c.basis}):`, ...c.papers.map((p) => `  - ${p}`));
    if (c.imageLimit) lines.push(`  - Images: ${c.imageLimit}`);
  }
  if (info.options.protocol === 'megc2019') lines.push(`- **MEGC 2019 composite**: ${MEGC2019_CITATION}`);
  return `${lines.join('\n')}\n`;
}

function tally<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function definedOnly(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
