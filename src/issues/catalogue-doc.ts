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

export const CODES_BEGIN = '<!-- issue-codes: generated from src/issues/catalogue.ts by `npm run schema` -->';
export const CODES_END = '<!-- /issue-codes -->';

/** The codes one adapter raises, as the table its FORMAT.md carries between the markers. */
export function renderAdapterCodes(adapter: string): string {
  const codes = (Object.keys(ISSUE_CATALOGUE) as IssueCode[])
    .filter((code) => (ISSUE_CATALOGUE[code].datasets as readonly string[]).includes(adapter))
    .sort();
  return [
    CODES_BEGIN,
    '',
    `Codes this adapter raises (every code, with those of convert and validate: docs/issue-codes.md):`,
    '',
    '| Code | Severity | Meaning |',
    '| --- | --- | --- |',
    ...codes.map((code) => {
      const entry = ISSUE_CATALOGUE[code];
      return `| \`${code}\` | ${entry.severities.join(' or ')} | ${cell(entry.meaning)} |`;
    }),
    '',
    CODES_END,
  ].join('\n');
}

/** `text` with its generated code table replaced by `table` (appended under "## Issue codes" when absent). */
export function withAdapterCodes(text: string, table: string): string {
  const begin = text.indexOf(CODES_BEGIN);
  const end = text.indexOf(CODES_END);
  if (begin >= 0 && end > begin) return text.slice(0, begin) + table + text.slice(end + CODES_END.length);
  return `${text.trimEnd()}\n\n## Issue codes\n\n${table}\n`;
}

/** A Markdown table cell: a `|` would split it. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}
