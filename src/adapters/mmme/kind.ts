/** Micro or macro: from the sheet's `Macro/Micro` column, or by the authors' definition. */
export type Kind = 'micro' | 'macro';

/**
 * The same lab's ME definition (docs/datasets.md §4.2, from the CMCL-Net README): total duration at
 * most 500 ms, or at most 250 ms from onset to apex. Compared in whole milliseconds so that
 * `0.5` written as 0.49999… still counts.
 */
export const KIND_RULE =
  'micro when OffsetTime − OnsetTime ≤ 0.500 s or ApexTime − OnsetTime ≤ 0.250 s, else macro (the authors’ ME definition, docs/datasets.md §4.2)';

export function kindByRule(onset: number, apex: number | null, offset: number): Kind {
  const total = Math.round((offset - onset) * 1000);
  const rise = apex === null ? null : Math.round((apex - onset) * 1000);
  return total <= 500 || (rise !== null && rise <= 250) ? 'micro' : 'macro';
}

/** `Micro` / `Macro` as written in the combined sheet (docs/datasets.md §4.2); tolerant of ME/MaE spellings. */
export function kindFromCell(text: string | null): Kind | null {
  if (text === null) return null;
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
  if (['micro', 'me', 'microexpression', 'mic'].includes(t)) return 'micro';
  if (['macro', 'mae', 'macroexpression', 'mac'].includes(t)) return 'macro';
  return null;
}
