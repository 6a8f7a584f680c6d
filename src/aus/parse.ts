import type { ActionUnit } from '../schema/sample.js';

export interface ParsedAus {
  aus: ActionUnit[];
  /** Tokens that are not an action unit (`?`, `ref(...)`, `soft focus`…), kept so they can be reported. */
  unparsed: string[];
}

// One AU as coded by CASME II / SAMM / MMME: optional `AU`, side L/R or asymmetric A, number,
// intensity A–E, possibly with an alternative: `4A/B` (§2.3 I) or `12(B/C)` (SAMM-LV, docs/datasets.md
// §2.5.1). docs/datasets.md §1.3 (H), §2.3 (I), §4.2 (J). SAMM also writes FACS's top/bottom lip prefix
// (`T18`, §2.3 I): the AU is read, the prefix stays in `token`. MMEW writes the side as a suffix
// (`4R`, `20L`, docs/datasets-more.md §3) and 4DME marks static AUs with `(k)` (`AU4(k)`, §4).
const TOKEN = /^(?:AU)?([LRATB])?(\d{1,3})([LR])?(?:([A-E])(?:\/([A-E]))?|\(([A-E])\/([A-E])\))?(\(k\))?$/i;

type Intensity = NonNullable<ActionUnit['intensity']>;

/** Whether every `)` closes an earlier `(` and all are closed. */
function balanced(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Drops grouping parentheses around a term (`(R6 or R12)`, a stray `(R6`), never those of `12(B/C)` or `ref(…)`. */
function trimGroup(text: string): string {
  let t = text.trim();
  for (;;) {
    if (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
    else if (t.startsWith('(') && !balanced(t) && balanced(t.slice(1))) t = t.slice(1).trim();
    else if (t.endsWith(')') && !balanced(t) && balanced(t.slice(0, -1))) t = t.slice(0, -1).trim();
    else return t;
  }
}

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
    const clean = trimGroup(term);
    if (clean === '') continue;
    const alternatives = clean.split(/\s+or\s+|(?<=\d)\/(?=[LRA]?\d)/i).map(trimGroup);
    const uncertain = alternatives.length > 1 || clean.includes('?');
    for (const alt of alternatives) {
      const token = alt.replace(/\?/g, '').replace(/\s+/g, '');
      const m = TOKEN.exec(token);
      if (!m) {
        unparsed.push(alt);
        continue;
      }
      const prefix = m[1]?.toUpperCase() ?? null;
      const suffix = (m[3]?.toUpperCase() ?? null) as 'L' | 'R' | null;
      // a side both before and after the number (`L12R`) says two things: not read
      if (suffix && prefix) {
        unparsed.push(alt);
        continue;
      }
      const first = (m[4] ?? m[6])?.toUpperCase() as Intensity | undefined;
      const second = (m[5] ?? m[7])?.toUpperCase() as Intensity | undefined;
      aus.push({
        au: Number(m[2]),
        side: prefix === 'L' || prefix === 'R' ? prefix : suffix,
        asymmetric: prefix === 'A',
        intensity: first ?? null,
        // both intensities of `4A/B` and `12(B/C)` are kept
        ...(second ? { intensity_alt: second } : {}),
        uncertain: uncertain || second !== undefined,
        ...(m[8] ? { static: true } : {}),
        token: alt,
      });
    }
  }
  return { aus, unparsed };
}
