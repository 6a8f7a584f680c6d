import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cell } from '../../../src/adapters/kit/cells.js';
import { readRows } from '../../../src/adapters/kit/columns.js';
import { IssueLog } from '../../../src/issues/issues.js';

const COLUMNS = { clip: { headers: ['clip'] }, onset: { headers: ['onset'] } } as const;
const schema = z.object({ clip: cell.text(), onset: cell.int() });

describe('readRows on a header-less tab (names by position)', () => {
  it('reads from row 1 with true Excel row numbers, and reports a bad cell by its row', () => {
    const issues = new IssueLog();
    const table = { name: 'Sheet1', rows: [['a_1', 3], ['b_1', 'x'], [], ['c_1', 7]] };
    const read = readRows({ table, headerIndex: -1, names: ['clip', 'onset'] }, COLUMNS, schema, {
      file: 'f.xlsx',
      issues,
      expected: 'a clip and an onset',
    });
    expect(read.rows.map((r) => [r.row, r.value.clip])).toEqual([
      [1, 'a_1'],
      [4, 'c_1'],
    ]);
    expect(read.rejected).toBe(1);
    expect(issues.issues.map((i) => [i.code, i.row])).toEqual([['sheet.bad-row', 2]]);
  });

  it('skips the rows above the data when headerIndex says so (a `###` first row)', () => {
    const issues = new IssueLog();
    const table = {
      name: 'Sheet1',
      rows: [
        ['###', '###'],
        ['a_1', 3],
      ],
    };
    const read = readRows({ table, headerIndex: 0, names: ['clip', 'onset'] }, COLUMNS, schema, {
      file: 'f.xlsx',
      issues,
      expected: 'a clip and an onset',
    });
    expect(read.rows.map((r) => r.row)).toEqual([2]);
    expect(issues.issues).toEqual([]);
  });
});
