import type { ActionUnit } from '../schema/sample.js';

export interface ParsedAus {
  aus: ActionUnit[];
  /** Tokens that are not an action unit (`?`, `ref(...)`, `soft focus`…), kept so they can be reported. */
  unparsed: string[];
}

// One AU as coded by CASME II / SAMM / MMME: optional `AU`, side L/R or asymmetric A, number,
// intensity A–E (possibly `A/B`). datasets.md §1.3 (H), §2.3 (I), §4.2 (J). SAMM also writes FACS's
// top/bottom lip prefix (`T18`, §2.3 I): the AU is read, the prefix stays in `token`.
const TOKEN = /^(?:AU)?([LRATB])?(\d{1,3})([A-E](?:\/[A-E])?)?$/i;

/**
 * Parses an AU cell (`4+L10`, `12`, `(R6 or R12) + R15`, `AU4, AU7`, `12+15 `) into action units.
 * Alternatives (`or`, `/` between AUs) and `?` mark the AUs they touch as uncertain.
 */
export function parseActionUnits(raw: string | number | null): ParsedAus {
  const aus: ActionUnit[] = [];
  const unparsed: string[] = [];
  if (raw === null) return { aus, unparsed };
  const text = String(raw).trim();
  if (text === '') return { aus, unparsed };
  for (const term of text.split(/[+,，]/)) {
    const clean = term
      .trim()
      .replace(/^\(+|\)+$/g, '')
      .trim();
    if (clean === '') continue;
    const alternatives = clean
      .split(/\s+or\s+|(?<=\d)\/(?=[LRA]?\d)/i)
      .map((s) => s.trim().replace(/^\(+|\)+$/g, ''));
    const uncertain = alternatives.length > 1 || clean.includes('?');
    for (const alt of alternatives) {
      const token = alt.replace(/\?/g, '').replace(/\s+/g, '');
      const m = TOKEN.exec(token);
      if (!m) {
        unparsed.push(alt);
        continue;
      }
      const prefix = m[1]?.toUpperCase() ?? null;
      const intensity = m[3] ? (m[3][0]?.toUpperCase() as ActionUnit['intensity']) : null;
      aus.push({
        au: Number(m[2]),
        side: prefix === 'L' || prefix === 'R' ? prefix : null,
        asymmetric: prefix === 'A',
        intensity,
        uncertain: uncertain || (m[3]?.includes('/') ?? false),
        token: alt,
      });
    }
  }
  return { aus, unparsed };
}
