import { describe, expect, it } from 'vitest';
import { parseActionUnits } from '../../src/aus/parse.js';

describe('parseActionUnits: MMEW side suffixes and 4DME static marks (docs/datasets-more.md §3, §4)', () => {
  it('reads MMEW sides written after the number (`4R+7`, `20L`)', () => {
    const parsed = parseActionUnits('4R+7+20L');
    expect(parsed.unparsed).toEqual([]);
    expect(parsed.aus.map((a) => [a.au, a.side, a.intensity, a.token])).toEqual([
      [4, 'R', null, '4R'],
      [7, null, null, '7'],
      [20, 'L', null, '20L'],
    ]);
  });

  it('still reads a letter A–E after the number as an intensity, never a side', () => {
    expect(parseActionUnits('4A+12E').aus.map((a) => [a.side, a.intensity])).toEqual([
      [null, 'A'],
      [null, 'E'],
    ]);
  });

  it('refuses a side written both before and after the number', () => {
    expect(parseActionUnits('L12R')).toEqual({ aus: [], unparsed: ['L12R'] });
  });

  it('reads 4DME `AU4(k)+L7`: the (k) AU is marked static, the other is not', () => {
    const parsed = parseActionUnits('AU4(k)+L7');
    expect(parsed.unparsed).toEqual([]);
    expect(parsed.aus).toEqual([
      {
        au: 4,
        side: null,
        asymmetric: false,
        intensity: null,
        uncertain: false,
        static: true,
        token: 'AU4(k)',
      },
      { au: 7, side: 'L', asymmetric: false, intensity: null, uncertain: false, token: 'L7' },
    ]);
  });
});
