import { describe, expect, it } from 'vitest';
import { parseActionUnits } from '../../src/aus/parse.js';

const brief = (raw: string | number | null) =>
  parseActionUnits(raw).aus.map(
    (a) => `${a.asymmetric ? 'A' : ''}${a.side ?? ''}${a.au}${a.intensity ?? ''}${a.uncertain ? '?' : ''}`,
  );

describe('parseActionUnits (docs/datasets.md §1.3 H, §2.3 I, §4.2 J)', () => {
  it('reads a single AU stored as an Excel number', () => {
    expect(brief(12)).toEqual(['12']);
  });
  it('reads CASME II strings with sides', () => {
    expect(brief('4+L10')).toEqual(['4', 'L10']);
    expect(brief('R12')).toEqual(['R12']);
  });
  it("keeps '?' out of the AUs and reports it as unparsed", () => {
    expect(parseActionUnits('?')).toEqual({ aus: [], unparsed: ['?'] });
  });
  it('reads SAMM syntax: intensities, asymmetric, spaces, alternatives, trailing space', () => {
    expect(brief('12+15 ')).toEqual(['12', '15']);
    expect(brief('7B')).toEqual(['7B']);
    expect(brief('A2')).toEqual(['A2']);
    expect(brief('(R6 or R12) + R15')).toEqual(['R6?', 'R12?', 'R15']);
    expect(brief('4A/B')).toEqual(['4A?']);
  });
  it('reads the SAMM-LV alternative intensities `12(B/C)` and keeps both (docs/datasets.md §2.5.1)', () => {
    expect(parseActionUnits('12(B/C)')).toEqual({
      aus: [
        {
          au: 12,
          side: null,
          asymmetric: false,
          intensity: 'B',
          intensity_alt: 'C',
          uncertain: true,
          token: '12(B/C)',
        },
      ],
      unparsed: [],
    });
    expect(brief('R12(A/B)+4')).toEqual(['R12A?', '4']);
    expect(parseActionUnits('4A/B').aus[0]?.intensity_alt).toBe('B');
    expect(parseActionUnits('7B').aus[0]).not.toHaveProperty('intensity_alt');
  });
  it('never cuts a closing parenthesis from text it cannot parse', () => {
    expect(parseActionUnits('ref(12)').unparsed).toEqual(['ref(12)']);
    expect(parseActionUnits('(soft focus)').unparsed).toEqual(['soft focus']);
  });
  it('reads MMME `AU4, AU7`', () => {
    expect(brief('AU4, AU7')).toEqual(['4', '7']);
  });
  it('keeps free text as unparsed', () => {
    expect(parseActionUnits('soft focus').unparsed).toEqual(['soft focus']);
  });
});
