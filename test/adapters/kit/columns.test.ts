import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { writeWorkbook } from '../../../fixtures/sheets.js';
import { cell } from '../../../src/adapters/kit/cells.js';
import { type ColumnSpecs, findTable, readRows } from '../../../src/adapters/kit/columns.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { readWorkbook } from '../../../src/sources/sheet.js';
import { tempDir } from '../../helpers/tmp.js';

const COLUMNS = {
  subject: { headers: ['subject'], required: true },
  clip: { headers: ['filename', 'file name'], required: true },
  onset: { headers: ['onset frame', 'onsetframe'], required: true },
  apex: { headers: ['apex frame'] },
} as const satisfies ColumnSpecs;

const ROW = z.object({
  subject: cell.matching(/^\d{1,3}$/, 'is not a subject number'),
  clip: cell.text(),
  onset: cell.int(),
  apex: cell.optionalInt(),
});

async function sheet(rows: (string | number | null)[][], name = 'codes.xlsx') {
  const file = path.join(await tempDir(), name);
  if (name.endsWith('.csv'))
    await writeFile(file, rows.map((r) => r.map((c) => c ?? '').join(',')).join('\n'));
  else await writeWorkbook(file, [{ name: 'Data', rows }]);
  return readWorkbook(file);
}

describe('kit: declared columns and row schemas', () => {
  it('finds the header below a title block by any alias, and reads rows through the schema', async () => {
    const wb = await sheet([
      ['Some dataset, coded 2014'],
      [],
      ['Subject', 'File Name', 'Onset Frame', 'Apex Frame'],
      ['006', 'a_1', 10, 12],
      ['7', 'b_2', '20', '/'],
    ]);
    const found = findTable(wb, COLUMNS);
    expect(found?.headerIndex).toBe(2);
    const issues = new IssueLog();
    const read = readRows(found as NonNullable<typeof found>, COLUMNS, ROW, {
      file: 'codes.xlsx',
      issues,
      expected: 'x',
    });
    expect(read.rows.map((r) => [r.row, r.value])).toEqual([
      [4, { subject: '006', clip: 'a_1', onset: 10, apex: 12 }],
      [5, { subject: '7', clip: 'b_2', onset: 20, apex: null }],
    ]);
    expect(read.labels).toEqual({
      subject: 'Subject',
      clip: 'File Name',
      onset: 'Onset Frame',
      apex: 'Apex Frame',
    });
    expect(issues.issues).toEqual([]);
  });

  it('reports each refused row once with file, tab, row and every bad cell as written, and counts it', async () => {
    const wb = await sheet([
      ['Subject', 'Filename', 'OnsetFrame'],
      ['x1', null, 'n/a'],
      ['01', 'ok', 3],
    ]);
    const issues = new IssueLog();
    const found = findTable(wb, COLUMNS);
    const read = readRows(found as NonNullable<typeof found>, COLUMNS, ROW, {
      file: 'codes.xlsx',
      issues,
      expected: 'a subject number, a clip and a frame',
    });
    expect(read.rejected).toBe(1);
    expect(read.dataRows).toBe(2);
    expect(read.rows).toHaveLength(1);
    const [bad] = issues.issues;
    expect(bad?.code).toBe('sheet.bad-row');
    expect(bad?.file).toBe('codes.xlsx');
    expect(bad?.row).toBe(2);
    expect(bad?.message).toBe(
      "tab 'Data': Subject 'x1' is not a subject number; Filename is empty; OnsetFrame 'n/a' is not a whole number; expected a subject number, a clip and a frame",
    );
  });

  it('prefers the tab the rank names, skips note rows, and names no tab in a CSV', async () => {
    const wb = await sheet(
      [
        ['Subject', 'Filename', 'OnsetFrame'],
        ['01', 'a', 'soon'],
        [null, 'see the paper', null],
      ],
      'codes.csv',
    );
    const issues = new IssueLog();
    const found = findTable(wb, COLUMNS, { rank: (t) => (t === 'Data' ? 0 : 1) });
    const read = readRows(found as NonNullable<typeof found>, COLUMNS, ROW, {
      file: 'codes.csv',
      issues,
      expected: 'frames',
      isNote: (c) => c.subject === null,
    });
    expect(read.dataRows).toBe(1);
    expect(issues.issues.map((i) => [i.code, i.row, i.message.startsWith('tab')])).toEqual([
      ['sheet.bad-row', 2, false],
      ['sheet.note-row', 3, false],
    ]);
  });

  it('tries tabs in rank order, and a header test can refuse a row with the required columns', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'two.xlsx');
    const header = ['Subject', 'Filename', 'OnsetFrame'];
    await writeWorkbook(file, [
      { name: 'Old', rows: [header, ['01', 'old', 1]] },
      {
        name: 'MAIN',
        rows: [
          [...header, 'Emotion'],
          ['01', 'main', 1, 'joy'],
        ],
      },
    ]);
    const wb = await readWorkbook(file);
    expect(findTable(wb, COLUMNS)?.table.name).toBe('Old');
    expect(findTable(wb, COLUMNS, { rank: (t) => (t === 'MAIN' ? 0 : 1) })?.table.name).toBe('MAIN');
    expect(findTable(wb, COLUMNS, { accept: (names) => !names.has('emotion') })?.table.name).toBe('Old');
    expect(findTable(wb, { ...COLUMNS, type: { headers: ['type'], required: true } })).toBeNull();
  });
});
