import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FourDmeFixtureOptions, fourDmeRows, makeFourDme } from '../../../fixtures/4dme.js';
import { fourDme } from '../../../src/adapters/4dme/index.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { tempDir } from '../../helpers/tmp.js';

async function scan(opts: Omit<FourDmeFixtureOptions, 'root'> = {}, options: Record<string, unknown> = {}) {
  const root = path.join(await tempDir(), '4DME');
  await makeFourDme({ root, ...opts });
  const issues = new IssueLog();
  const result = await fourDme.scan(root, { issues, options });
  return { root, result, issues: issues.issues };
}

const brief = (r: Awaited<ReturnType<typeof scan>>['result']) =>
  r.samples.map((s) => [s.id, s.emotion, s.onset, s.apex, s.offset, s.frames.length, s.aus_raw]);

describe('4DME label sheet (docs/datasets-more.md §4)', () => {
  it('reads header strings with trailing apostrophes as the plain ones', async () => {
    const plain = await scan();
    const quoted = await scan({ apostrophes: true });
    expect(plain.result.samples).toHaveLength(6);
    expect(brief(quoted.result)).toEqual(brief(plain.result));
    expect(quoted.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('keeps emotions as written, Surprise+Positive included, and frame numbers as the sheet writes them', async () => {
    const { result } = await scan();
    const s = result.samples[1];
    expect(s).toMatchObject({
      id: '4dme/S01/S01_ME_2',
      subject: '4dme/S01',
      emotion: 'Surprise+Positive',
      source_frames: { onset: 120, apex: 124, offset: 128 },
      extra: { fold: 2 },
    });
    // the folder holds onset-1..offset+1: the sheet's numbers are found in it
    expect(s?.frames).toHaveLength(11);
    expect([s?.onset, s?.apex, s?.offset]).toEqual([1, 5, 9]);
  });

  it('marks AUs written with (k) as static and keeps the cell as written', async () => {
    const { result, issues } = await scan();
    const neg = result.samples.find((s) => s.emotion === 'Negative');
    expect(neg?.aus_raw).toBe('AU4(k)+L7');
    expect(neg?.aus.map((a) => [a.au, a.side, a.static ?? false])).toEqual([
      [4, null, true],
      [7, 'L', false],
    ]);
    expect(issues.filter((i) => i.code === 'aus.unparsed')).toEqual([]);
  });

  it('skips a trailing non-data row as a note, not a bad row', async () => {
    for (const countColumns of [false, true]) {
      const { result, issues } = await scan({ footerRow: true, countColumns, apostrophes: true });
      expect(result.samples).toHaveLength(6);
      expect(result.rejected).toBe(0);
      expect(issues.filter((i) => i.code === 'sheet.note-row').map((i) => i.row)).toEqual([8]);
      expect(issues.filter((i) => i.code === 'sheet.bad-row')).toEqual([]);
    }
  });

  it('reads the count columns beside the table, keeping eye blink', async () => {
    const { result } = await scan({ countColumns: true });
    expect(result.samples[0]?.extra).toEqual({ fold: 1, eye_blink: 0 });
  });

  it("reads a frame number stored as text with the sheet's trailing apostrophe", async () => {
    const rows = fourDmeRows();
    rows[0] = { ...(rows[0] as (typeof rows)[number]), onset: "100'" };
    const { result, issues } = await scan({ rows });
    expect(result.samples[0]?.source_frames.onset).toBe(100);
    expect(issues.filter((i) => i.code === 'sheet.bad-row')).toEqual([]);
  });

  it("merges the extras sheet (self-report emo', video emo') by sub_ID and fold_name, values as written", async () => {
    const { result } = await scan({ extras: true });
    expect(result.samples[1]?.extra).toMatchObject({ self_report_emotion: "1,3'", video_emotion: "2'" });
    expect(result.sources.map((s) => s.file)).toEqual([
      '4DME_Labelling_Micro_release v1.xlsx',
      '4DME_Labelling_Micro_extras_release v1.xlsx',
    ]);
  });

  it('refuses the older internal sheet, saying why (no fold_name) and which sheet to use', async () => {
    const root = path.join(await tempDir(), '4DME');
    await makeFourDme({ root, oldSheet: true });
    await expect(fourDme.scan(root, { issues: new IssueLog(), options: {} })).rejects.toThrow(
      /older internal 4DME labelling sheet .*names no fold_name.*4DME_Labelling_Micro_release v1\.xlsx/,
    );
  });
});
