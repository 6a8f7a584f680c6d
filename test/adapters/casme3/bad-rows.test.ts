import { beforeAll, describe, expect, it } from 'vitest';
import { type Scanned, sampleById, scanFixture } from './helpers.js';

/** The bad rows of docs/datasets-more.md §2.7: each reported, none repaired. */
describe('CAS(ME)^3 known bad rows', () => {
  let s: Scanned;
  beforeAll(async () => {
    s = await scanFixture({ badRows: true });
  });

  const knownFor = (id: string) => s.byCode('casme3.known-erratum').find((i) => i.sample === id);

  it('onset after apex and after offset (row 751): refused as a range, named as the known row', () => {
    const id = 'casme3/spNO.216/spNO.216_d_3647';
    expect(sampleById(s, id)).toBeUndefined();
    expect(s.byCode('frames.range').find((i) => i.sample === id)?.message).toContain('before onset 3647');
    expect(knownFor(id)?.message).toContain('Excel row 751');
  });

  it('onset 0 where the video has no frame 0 (row 752): refused, not moved to frame 1', () => {
    const id = 'casme3/spNO.216/spNO.216_e_0';
    expect(sampleById(s, id)).toBeUndefined();
    expect(s.byCode('frames.range').find((i) => i.sample === id)?.message).toContain('no frame numbered 0');
    expect(knownFor(id)?.message).toContain('Excel row 752');
  });

  it('offset 0 (rows 798, 800): the range ends at the apex, offset recorded unknown, reported', () => {
    for (const [onset, apex] of [
      [30, 36],
      [60, 66],
    ] as const) {
      const sample = sampleById(s, `casme3/spNO.40/spNO.40_e_${onset}`);
      if (!sample) throw new Error(`missing spNO.40 e ${onset}`);
      expect(sample.source_frames).toEqual({ onset, apex, offset: null });
      expect(sample.offset).toBe(sample.apex);
      expect(
        s.byCode('casme3.offset-unknown').some((i) => i.sample === sample.id && i.severity === 'warning'),
      ).toBe(true);
    }
  });

  it('the 3,456-frame ME (row 710) is kept as written, its gaps and the known row reported', () => {
    const id = 'casme3/spNO.214/spNO.214_c_4';
    const sample = sampleById(s, id);
    expect(sample?.source_frames.offset).toBe(3460);
    expect(knownFor(id)?.message).toContain('Excel row 710');
    expect(s.byCode('frames.gap').some((i) => i.sample === id)).toBe(true);
  });

  it('counts the refused rows as rejected', () => {
    expect(s.result.rejected).toBe(2);
  });
});
