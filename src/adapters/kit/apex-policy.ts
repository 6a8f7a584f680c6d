import type { IssueLog } from '../../issues/issues.js';
import type { ApexSource } from '../../schema/sample.js';

export type ApexPolicy = 'midpoint' | 'missing';

/**
 * The `--apex` policy for a source that annotates no apex: SMIC and SMIC-E (docs/datasets.md §3.2,
 * §3.4), CAS(ME)²'s apex 0 (docs/datasets-more.md §1.7). `midpoint` (the default, what meb,
 * genbing99 and davidnvq do) puts it halfway between onset and offset, rounded down, and says so in
 * `apex_source`; `missing` leaves it null. The source frame number stays null either way.
 */
export function apexPolicy(options: { apexPolicy?: ApexPolicy | undefined }): ApexPolicy {
  return options.apexPolicy ?? 'midpoint';
}

export function unannotatedApex(
  onset: number,
  offset: number,
  policy: ApexPolicy,
): { apex: number | null; apex_source: ApexSource } {
  if (policy === 'missing') return { apex: null, apex_source: 'missing' };
  return { apex: onset + Math.floor((offset - onset) / 2), apex_source: 'midpoint' };
}

/** One line in the report saying what was done about the apex, and how to change it. */
export function reportApexPolicy(issues: IssueLog, dataset: string, policy: ApexPolicy, count: number): void {
  if (count === 0) return;
  issues.info(
    'apex.not-annotated',
    policy === 'midpoint'
      ? `${dataset} annotates no apex: ${count} samples have apex = midpoint of onset..offset (apex_source: midpoint); pass --apex missing to leave it unknown`
      : `${dataset} annotates no apex: ${count} samples have apex null (apex_source: missing); pass --apex midpoint for the midpoint`,
  );
}
