import type { Issue, IssueInput, Report, Severity } from '../schema/issue.js';
import { IssueSchema } from '../schema/issue.js';
import { FORMAT_VERSION } from '../schema/sample.js';
import type { IssueCode, IssueCodeAt } from './catalogue.js';

/** Where an issue is: sample, file, row, dataset (all optional). */
type Where = Omit<IssueInput, 'severity' | 'code' | 'message'>;

/** Collects issues while scanning and converting; the single place they are counted. */
export class IssueLog {
  readonly issues: Issue[] = [];

  add(issue: IssueInput & { code: IssueCode }): void {
    this.issues.push(IssueSchema.parse(issue));
  }

  error(code: IssueCodeAt<'error'>, message: string, where: Where = {}): void {
    this.add({ severity: 'error', code, message, ...where });
  }

  warn(code: IssueCodeAt<'warning'>, message: string, where: Where = {}): void {
    this.add({ severity: 'warning', code, message, ...where });
  }

  info(code: IssueCodeAt<'info'>, message: string, where: Where = {}): void {
    this.add({ severity: 'info', code, message, ...where });
  }

  /** Names the dataset on the issues from index `from` on that name none (all raised while reading it). */
  stampDataset(dataset: string, from = 0): void {
    for (const issue of this.issues.slice(from)) if (issue.dataset === null) issue.dataset = dataset;
  }

  addAll(issues: readonly Issue[]): void {
    for (const issue of issues) this.issues.push(issue);
  }

  count(severity: Severity): number {
    return this.issues.filter((i) => i.severity === severity).length;
  }

  /** Ids of samples that have at least one error. */
  failedSamples(): Set<string> {
    return new Set(
      this.issues.filter((i) => i.severity === 'error' && i.sample).map((i) => i.sample as string),
    );
  }

  toReport(): Report {
    return makeReport(this.issues);
  }
}

export function makeReport(issues: readonly Issue[]): Report {
  const count = (s: Severity) => issues.filter((i) => i.severity === s).length;
  return {
    format_version: FORMAT_VERSION,
    counts: { error: count('error'), warning: count('warning'), info: count('info') },
    issues: inStableOrder(issues),
  };
}

/**
 * Issues in an order that does not depend on which clip finished first (clips run concurrently):
 * by sample, then file and row; ties keep the order they were raised in. So a resumed run writes
 * the same report.json as an uninterrupted one.
 */
function inStableOrder(issues: readonly Issue[]): Issue[] {
  const key = (i: Issue) => [i.sample ?? '', i.file ?? ''] as const;
  return [...issues].sort((a, b) => {
    const [sa, fa] = key(a);
    const [sb, fb] = key(b);
    return (
      sa.localeCompare(sb, 'en', { numeric: true }) ||
      fa.localeCompare(fb, 'en', { numeric: true }) ||
      (a.row ?? 0) - (b.row ?? 0)
    );
  });
}

/** One line for a terminal: `error frames.missing sub01/EP02_01f: … (file)`. */
export function formatIssue(issue: Issue): string {
  const where = issue.sample ? ` ${issue.sample}` : '';
  const file = issue.file ? ` [${issue.file}${issue.row ? `, row ${issue.row}` : ''}]` : '';
  return `${issue.severity} ${issue.code}${where}: ${issue.message}${file}`;
}
