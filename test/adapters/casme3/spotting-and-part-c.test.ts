import { beforeAll, describe, expect, it } from 'vitest';
import { casme3Rows } from '../../../fixtures/casme3.js';
import { type Scanned, sampleById, scanFixture } from './helpers.js';

describe('CAS(ME)^3 spotting sheet (.xls, Expression type; docs/datasets-more.md §2.4 b)', () => {
  let s: Scanned;
  beforeAll(async () => {
    s = await scanFixture({ spotting: true });
  });

  it('adds its macro rows as kind macro, without an emotion, in their task video', () => {
    const macro = s.result.samples.filter((x) => x.kind === 'macro');
    expect(macro.map((x) => x.id).sort()).toEqual([
      'casme3/spNO.1/spNO.1_a_30_macro',
      'casme3/spNO.10/spNO.10_b_20_macro',
    ]);
    expect(macro.every((x) => x.emotion === null && typeof x.extra.video === 'string')).toBe(true);
  });

  it('does not duplicate micro rows the label sheet has; converts and reports one it lacks', () => {
    const micro = s.result.samples.filter((x) => x.kind === 'micro');
    expect(micro).toHaveLength(casme3Rows().length + 1);
    expect(s.result.details.spotting_rows_in_label_sheet).toBe(casme3Rows().length);
    const only = sampleById(s, 'casme3/spNO.10/spNO.10_b_12');
    expect(only?.emotion).toBeNull();
    expect(s.byCode('casme3.spotting-only')).toHaveLength(1);
  });

  it('alone (no label sheet), gives every row, micro and macro', async () => {
    const alone = await scanFixture({ spotting: true, labelSheet: false });
    expect(alone.result.samples).toHaveLength(casme3Rows().length + 3);
    expect(alone.byCode('casme3.spotting-only')).toEqual([]);
  });
});

describe('CAS(ME)^3 Part C (docs/datasets-more.md §2.2 d, §2.4 c)', () => {
  let s: Scanned;
  beforeAll(async () => {
    s = await scanFixture({ partC: true });
  });

  it('reads its sheet and tree into subset C samples with no apex, depth recorded', () => {
    const c = s.result.samples.filter((x) => x.subset === 'C');
    expect(c.map((x) => x.id)).toEqual(['casme3/C01/C01_a_1', 'casme3/C01/C01_a_2']);
    const first = c[0];
    expect(first?.apex).toBeNull();
    expect(first?.apex_source).toBe('missing');
    expect(first?.source_frames).toEqual({ onset: 5, apex: null, offset: 15 });
    expect(first?.extra).toMatchObject({
      video: 'C01_a',
      count: 1,
      phy: 'sub01_1',
      depth: 'part_C/RGB_Depth/part_C/part_C/01/a/depth',
    });
    expect(s.byCode('apex.not-annotated')).toHaveLength(1);
  });

  it('parses the full-width comma AU cell and keeps it as written', () => {
    const second = sampleById(s, 'casme3/C01/C01_a_2');
    expect(second?.aus_raw).toBe('12，6');
    expect(second?.aus.map((a) => a.au)).toEqual([12, 6]);
  });
});
