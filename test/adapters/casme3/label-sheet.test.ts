import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { casme3Rows } from '../../../fixtures/casme3.js';
import { type Scanned, sampleById, scanFixture } from './helpers.js';

describe('CAS(ME)^3 JpgIndex label sheet, every cell text (docs/datasets-more.md §2.4 a)', () => {
  let s: Scanned;
  beforeAll(async () => {
    s = await scanFixture({});
  });

  it('reads text-stored frame numbers into one sample per row, none lost', () => {
    expect(s.result.samples).toHaveLength(casme3Rows().length);
    const first = sampleById(s, 'casme3/spNO.1/spNO.1_a_5');
    expect(first?.source_frames).toEqual({ onset: 5, apex: 8, offset: 12 });
    expect(first?.emotion).toBe('disgust');
    expect(first?.extra).toMatchObject({ video: 'spNO.1_a', objective_class: 'VII' });
    expect(first?.subject).toBe('casme3/spNO.1');
    expect(first?.subset).toBe('A');
    expect(first?.kind).toBe('micro');
  });

  it('gives several MEs of one task video unique ids and one shared clip / extra.video', () => {
    const inA = s.result.samples.filter((x) => x.extra.video === 'spNO.1_a');
    expect(inA.map((x) => x.id)).toEqual([
      'casme3/spNO.1/spNO.1_a_5',
      'casme3/spNO.1/spNO.1_a_15',
      'casme3/spNO.1/spNO.1_a_40',
    ]);
    expect(new Set(inA.map((x) => x.clip))).toEqual(new Set(['spNO.1_a']));
  });

  it('locates frames by their file number, from 0, in the whole task video', () => {
    const a40 = sampleById(s, 'casme3/spNO.1/spNO.1_a_40');
    if (!a40) throw new Error('missing sample');
    expect(path.basename(a40.frames[a40.onset] as string)).toBe('40.jpg');
    expect(path.basename(a40.frames[a40.offset] as string)).toBe('50.jpg');
    expect(path.basename(a40.frames[0] as string)).toBe('0.jpg');
  });

  it('keeps a range with a dropped frame and reports the gap (frames.gap)', () => {
    const a15 = sampleById(s, 'casme3/spNO.1/spNO.1_a_15');
    if (!a15) throw new Error('missing sample');
    const names = a15.frames.slice(a15.onset, a15.offset + 1).map((f) => path.basename(f));
    expect(names).not.toContain('20.jpg');
    expect(names).toHaveLength(10);
    const gap = s.byCode('frames.gap');
    expect(gap).toHaveLength(1);
    expect(gap[0]?.message).toContain('20');
    expect(gap[0]?.sample).toBe('casme3/spNO.1/spNO.1_a_15');
  });

  it("matches Filename 'J' to folder j and notes it (Excel row 61, §2.7)", () => {
    const j = sampleById(s, 'casme3/spNO.14/spNO.14_j_10');
    expect(j?.source.directory).toBe('part_A/data/part_A/spNO.14/j/color');
    const note = s.byCode('casme3.known-erratum').find((i) => i.sample === j?.id);
    expect(note?.severity).toBe('info');
    expect(note?.row).toBe(6);
  });

  it("keeps 'Others' as written (profiles map it)", () => {
    expect(sampleById(s, 'casme3/spNO.14/spNO.14_j_10')?.emotion).toBe('Others');
  });

  it('reports apex before onset (row 130) and leaves the apex unknown, never repaired', () => {
    const d = sampleById(s, 'casme3/spNO.149/spNO.149_d_112');
    expect(d?.apex).toBeNull();
    expect(d?.source_frames.apex).toBe(83);
    expect(s.byCode('apex.outside').map((i) => i.sample)).toContain(d?.id);
    const known = s.byCode('casme3.known-erratum').find((i) => i.sample === d?.id);
    expect(known?.severity).toBe('warning');
    expect(known?.message).toMatch(/Excel row 130.*apex 123/i);
  });

  it('names the sheet version only as a variant of the distributed release (6 rows, not 860)', () => {
    const version = s.result.sources[0]?.version ?? '';
    expect(version).toMatch(/^variant of casme3-part-a-jpgindex-v2: data rows 6/);
  });

  it('records the depth folder, does not convert it', async () => {
    const d = await scanFixture({ depth: true });
    expect(sampleById(d, 'casme3/spNO.1/spNO.1_a_5')?.extra.depth).toBe('part_A/data/part_A/spNO.1/a/depth');
    expect(sampleById(s, 'casme3/spNO.1/spNO.1_a_5')?.extra.depth).toBeUndefined();
    expect(d.result.samples[0]?.frames.every((f) => f.endsWith('.jpg'))).toBe(true);
  });
});
