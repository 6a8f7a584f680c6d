import type { IssueLog } from '../../issues/issues.js';
import type { IssueInput } from '../../schema/issue.js';

/** `S{PP}-{EE}-{SSS}`: subject, emotion index, serial (docs/datasets-more.md §3). */
const CLIP_NAME = /^S(\d{1,3})-(\d{1,3})-(\d{1,4})$/i;

/**
 * The emotion index EE of a clip name: verified on every row of a public copy, except 04 = others,
 * inferred (docs/datasets-more.md §3).
 */
export const EMOTION_INDEX: Readonly<Record<string, number>> = {
  happiness: 1,
  surprise: 2,
  disgust: 3,
  others: 4,
  fear: 5,
  sadness: 6,
  anger: 7,
};

/**
 * A clip name says the subject and the emotion again: a disagreement with the Subject or
 * Estimated Emotion column is reported, and the columns are kept. Names of another form are not checked.
 */
export function checkClipName(
  row: { filename: string; subject: string; emotion: string },
  where: Omit<IssueInput, 'severity' | 'code' | 'message'>,
  issues: IssueLog,
): void {
  const m = CLIP_NAME.exec(row.filename);
  if (!m) return;
  const subject = Number(m[1]);
  if (subject !== Number(row.subject))
    issues.warn(
      'mmew.subject-mismatch',
      `Subject ${Number(row.subject)} but the clip name says subject ${subject}; the sample keeps the sheet's Subject`,
      where,
    );
  const index = Number(m[2]);
  const expected = EMOTION_INDEX[row.emotion.toLowerCase()];
  if (expected !== undefined && index !== expected)
    issues.warn(
      'mmew.emotion-index',
      `Estimated Emotion '${row.emotion}' but the clip name's emotion index is ${String(index).padStart(2, '0')} (${row.emotion.toLowerCase()} is ${String(expected).padStart(2, '0')}); the emotion is kept as the sheet writes it`,
      where,
    );
}
