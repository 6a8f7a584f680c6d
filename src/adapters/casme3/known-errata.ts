import type { IssueLog } from '../../issues/issues.js';
import type { LabelRow } from './sheet.js';

type Row = Pick<LabelRow, 'subject' | 'filename' | 'onset' | 'apex' | 'offset'>;

/**
 * The bad rows of the distributed JpgIndex sheet (docs/datasets-more.md §2.7, Excel rows of the copy
 * of 2022-07-13), recognised by their cells, not their row number (rows move between copies). Each is
 * reported with what the public fixes say; none is repaired, because the fixes disagree (row 130).
 * `--errata casme3-meb-fixes` applies meb's corrections where they can be applied.
 */
interface KnownBadRow {
  excelRow: string;
  subject: string;
  task: string;
  matches(row: Row): boolean;
  problem: string;
  fixes: string;
  /** Not an error, only worth knowing (the `J`): info instead of warning. */
  harmless?: boolean;
}

const KNOWN_BAD_ROWS: readonly KnownBadRow[] = [
  {
    excelRow: '130',
    subject: 'spNO.149',
    task: 'd',
    matches: (r) => r.onset === 112 && r.apex === 83,
    problem: 'Apex 83 is before Onset 112',
    fixes: 'the QqXuyujie copy sets Apex 160, meb sets Apex 123',
  },
  {
    excelRow: '751',
    subject: 'spNO.216',
    task: 'd',
    matches: (r) => r.onset === 3647 && r.apex === 2668,
    problem: 'Onset 3647 is after Apex 2668',
    fixes: 'the QqXuyujie copy and meb both set Onset 2647',
  },
  {
    excelRow: '752',
    subject: 'spNO.216',
    task: 'e',
    matches: (r) => r.onset === 0 && r.apex === 0,
    problem: 'Onset 0 and Apex 0 (the clip release has no frame 0 for this ME)',
    fixes: 'the QqXuyujie copy sets Apex 17, meb sets Onset = Apex = 1',
  },
  {
    excelRow: '798 or 800',
    subject: 'spNO.40',
    task: 'e',
    matches: (r) => r.offset === 0,
    problem: 'Offset 0 (not annotated)',
    fixes: 'meb sets Offsets 1845 and 2403; the QqXuyujie copy leaves them',
  },
  {
    excelRow: '710',
    subject: 'spNO.214',
    task: 'c',
    matches: (r) => r.offset === 3460,
    problem: 'Offset 3460 makes a 3,456-frame micro-expression',
    fixes: 'meb sets Offset 34; the QqXuyujie copy leaves it',
  },
  {
    excelRow: '61',
    subject: 'spNO.14',
    task: 'j',
    matches: (r) => r.filename.written === 'J',
    problem: "Filename 'J' in upper case (the folder is 'j'; matched case-insensitively)",
    fixes: 'none needed',
    harmless: true,
  },
];

/** Reports a row that is one of the known bad rows (warning; `casme3.known-erratum`). */
export function reportKnownErratum(
  row: Row,
  where: { sample: string; file: string; row: number },
  issues: IssueLog,
): void {
  const known = KNOWN_BAD_ROWS.find(
    (k) => k.subject === row.subject.canonical && k.task === row.filename.lower && k.matches(row),
  );
  if (!known) return;
  const message = `${row.subject.written} ${row.filename.written}: ${known.problem}: a known quirk of the distributed JpgIndex sheet (Excel row ${known.excelRow} there, docs/datasets-more.md §2.7); public fixes: ${known.fixes}. Not repaired`;
  if (known.harmless) issues.info('casme3.known-erratum', message, where);
  else issues.warn('casme3.known-erratum', message, where);
}
