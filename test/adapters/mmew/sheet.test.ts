import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeMmew, mmewRows } from '../../../fixtures/mmew.js';
import { mmew } from '../../../src/adapters/mmew/index.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { tempDir } from '../../helpers/tmp.js';

async function scan(opts: Omit<Parameters<typeof makeMmew>[0], 'root'> = {}) {
  const root = path.join(await tempDir(), 'MMEW_Final');
  await makeMmew({ root, ...opts });
  const issues = new IssueLog();
  const result = await mmew.scan(root, { issues, options: {} });
  return { result, issues: issues.issues };
}

describe('MMEW micro sheet (docs/datasets-more.md §3)', () => {
  it('reads AU sides written as suffixes (4R+7, 20L, 10R) and AUs stored as numbers', async () => {
    const { result, issues } = await scan();
    const byClip = new Map(result.samples.map((s) => [s.clip, s]));
    expect(byClip.get('S02-03-004')?.aus.map((a) => [a.au, a.side])).toEqual([
      [4, 'R'],
      [7, null],
    ]);
    expect(byClip.get('S02-06-006')?.aus.map((a) => [a.au, a.side])).toEqual([[20, 'L']]);
    expect(byClip.get('S02-05-005')?.aus_raw).toBe('4');
    expect(byClip.get('S02-03-004')?.aus_raw).toBe('4R+7');
    expect(issues.filter((i) => i.code === 'aus.unparsed')).toEqual([]);
  });

  it('keeps frames clip-relative from 1, subject and remarks as written, at 90 fps', async () => {
    const { result } = await scan();
    const s = result.samples.find((x) => x.clip === 'S02-06-006');
    expect(s).toMatchObject({
      id: 'mmew/S02/S02-06-006',
      subject: 'mmew/S02',
      emotion: 'sadness',
      fps: 90,
      onset: 0,
      apex: 2,
      source_frames: { onset: 1, apex: 3, offset: 6 },
      extra: { remarks: 'blink' },
    });
    expect(s?.frames).toHaveLength(6);
    expect(result.sources[0]?.version).toBe('unknown');
  });

  it('reads a CSV conversion of the sheet the same way', async () => {
    const xlsx = await scan();
    const csv = await scan({ sheetName: 'MMEW_Micro_Exp_delete_others.csv' });
    expect(csv.result.samples.map((s) => [s.id, s.emotion, s.aus_raw])).toEqual(
      xlsx.result.samples.map((s) => [s.id, s.emotion, s.aus_raw]),
    );
  });

  it("warns when the clip name's subject differs from Subject, keeping the Subject column", async () => {
    const rows = mmewRows();
    rows[1] = { ...(rows[1] as (typeof rows)[number]), subject: 2 };
    const { result, issues } = await scan({ rows });
    expect(result.samples.find((s) => s.clip === 'S01-02-002')?.subject).toBe('mmew/S02');
    const w = issues.filter((i) => i.code === 'mmew.subject-mismatch');
    expect(w.map((i) => [i.row, i.message])).toEqual([
      [3, "Subject 2 but the clip name says subject 1; the sample keeps the sheet's Subject"],
    ]);
  });

  it("warns when the clip name's emotion index differs from the row's emotion, keeping the sheet emotion", async () => {
    const rows = mmewRows();
    rows[0] = { ...(rows[0] as (typeof rows)[number]), filename: 'S01-03-001' };
    const { result, issues } = await scan({ rows });
    expect(result.samples.find((s) => s.clip === 'S01-03-001')?.emotion).toBe('happiness');
    const w = issues.filter((i) => i.code === 'mmew.emotion-index');
    expect(w.map((i) => [i.row, i.message])).toEqual([
      [
        2,
        "Estimated Emotion 'happiness' but the clip name's emotion index is 03 (happiness is 01); the emotion is kept as the sheet writes it",
      ],
    ]);
  });

  it("warns when the subject folder differs from Subject (owners' tree), keeping the Subject column", async () => {
    const root = path.join(await tempDir(), 'MMEW_Final');
    await makeMmew({ root, subjectLevel: true });
    const micro = path.join(root, 'Micro_Expression');
    await mkdir(path.join(micro, 'S05', 'happiness'), { recursive: true });
    await rename(
      path.join(micro, 'S01', 'happiness', 'S01-01-001'),
      path.join(micro, 'S05', 'happiness', 'S01-01-001'),
    );
    const issues = new IssueLog();
    const result = await mmew.scan(root, { issues, options: {} });
    expect(result.samples.find((s) => s.clip === 'S01-01-001')?.subject).toBe('mmew/S01');
    expect(issues.issues.filter((i) => i.code === 'mmew.subject-mismatch').map((i) => i.message)).toEqual([
      "Subject 1 but the folder S05/ says subject 5; the sample keeps the sheet's Subject",
    ]);
  });

  it('warns when a clip sits in another emotion folder than its row says, keeping the sheet emotion', async () => {
    const rows = mmewRows();
    rows[0] = { ...(rows[0] as (typeof rows)[number]), folder: 'surprise' };
    const { result, issues } = await scan({ rows });
    expect(result.samples.find((s) => s.clip === 'S01-01-001')?.emotion).toBe('happiness');
    const w = issues.filter((i) => i.code === 'mmew.emotion-folder' && i.severity === 'warning');
    expect(w).toHaveLength(1);
    expect(w[0]?.message).toContain("Estimated Emotion 'happiness' but the clip is in surprise/");
  });

  it('leaves a non-numeric apex unknown and an apex past the offset unknown, reporting each', async () => {
    const rows = mmewRows();
    rows[0] = { ...(rows[0] as (typeof rows)[number]), apex: '/' };
    rows[2] = { ...(rows[2] as (typeof rows)[number]), apex: 9, frames: 10 };
    const { result, issues } = await scan({ rows });
    expect(result.samples.find((s) => s.clip === 'S01-01-001')).toMatchObject({
      apex: null,
      apex_source: 'missing',
    });
    expect(result.samples.find((s) => s.clip === 'S01-04-003')).toMatchObject({
      apex: null,
      apex_source: 'missing',
    });
    expect(issues.filter((i) => i.code === 'apex.unknown').map((i) => i.row)).toEqual([2]);
    expect(issues.filter((i) => i.code === 'apex.outside').map((i) => i.row)).toEqual([4]);
  });

  it('rejects a row without frame numbers, naming the column and row', async () => {
    const rows = mmewRows();
    rows[3] = { ...(rows[3] as (typeof rows)[number]), onset: 'n/a' };
    const { result, issues } = await scan({ rows, missingFolders: ['S02-03-004'] });
    expect(result.samples).toHaveLength(7);
    expect(result.rejected).toBe(1);
    const bad = issues.find((i) => i.code === 'sheet.bad-row');
    expect(bad?.row).toBe(5);
    expect(bad?.message).toContain('OnsetFrame');
  });
});
