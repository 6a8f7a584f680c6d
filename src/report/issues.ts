import type { Issue, IssueInput, Report, Severity } from '../schema/issue.js';
import { IssueSchema } from '../schema/issue.js';
import { FORMAT_VERSION } from '../schema/sample.js';

/** Collects issues while scanning and converting; the single place they are counted. */
export class IssueLog {
  readonly issues: Issue[] = [];

  add(issue: IssueInput): void {
    this.issues.push(IssueSchema.parse(issue));
  }

  error(code: string, message: string, where: Omit<IssueInput, 'severity' | 'code' | 'message'> = {}): void {
    this.add({ severity: 'error', code, message, ...where });
  }

  warn(code: string, message: string, where: Omit<IssueInput, 'severity' | 'code' | 'message'> = {}): void {
    this.add({ severity: 'warning', code, message, ...where });
  }

  info(code: string, message: string, where: Omit<IssueInput, 'severity' | 'code' | 'message'> = {}): void {
    this.add({ severity: 'info', code, message, ...where });
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
