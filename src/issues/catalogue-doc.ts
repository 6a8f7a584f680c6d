import { ISSUE_CATALOGUE, type IssueCode, RENAMED_CODES } from './catalogue.js';

/**
 * docs/issue-codes.md, generated from the issue catalogue so that the list users filter
 * report.json by cannot drift from the codes the tool emits; a test compares the file with this.
 */
export function renderIssueCodesDoc(): string {
  const codes = Object.keys(ISSUE_CATALOGUE).sort() as IssueCode[];
  const rows = codes.map((code) => {
    const entry = ISSUE_CATALOGUE[code];
    const datasets = entry.datasets.length > 0 ? entry.datasets.join(', ') : 'any';
    return `| \`${code}\` | ${entry.severities.join(' or ')} | ${datasets} | ${cell(entry.meaning)} |`;
  });
  const renamed = Object.entries(RENAMED_CODES).map(([from, to]) => `| \`${from}\` | \`${to}\` |`);
  return [
    '# Issue codes',
    '',
    '<!-- Generated from src/issues/catalogue.ts by `npm run schema`; do not edit by hand. -->',
    '',
    'Every issue in `report.json` (and every line `validate` prints) has a stable dotted `code`, a',
    '`severity` (error: the sample or run failed; warning: kept, but check; info: a note), and, for',
    'issues raised while reading one dataset, the `dataset` it concerns. One event has one code for',
    'every dataset; the "Datasets" column names the adapters that raise it ("any": raised by',
    'convert, validate, combine or splits whatever the dataset).',
    '',
    '| Code | Severity | Datasets | Meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    '## Renamed codes',
    '',
    'Codes that differed only by a dataset prefix now share one spelling; filter on the `dataset` field',
    'for one dataset. When filtering reports written before the rename, map the old codes:',
    '',
    '| Old code | New code |',
    '| --- | --- |',
    ...renamed,
    '',
  ].join('\n');
}

/** A Markdown table cell: a `|` would split it. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
