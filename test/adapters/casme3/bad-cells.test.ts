import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCasme3 } from '../../../fixtures/casme3.js';
import { writeWorkbook } from '../../../fixtures/sheets.js';
import { casme3 } from '../../../src/adapters/casme3/index.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { tempDir } from '../../helpers/tmp.js';

const LABEL_HEADER = ['Subject', 'Filename', 'Onset', 'Apex', 'Offset', 'AU', 'Objective class', 'emotion'];
const SPOTTING_HEADER = [
  'Subject',
  'Filename',
  'Onset',
  'Apex',
  'Offset',
  'AU',
  'Expression type',
  'Objective class',
];

describe('CAS(ME)^3 cells that cannot be a sample', () => {
  it('reports each bad row with file, tab, row and the cell, and converts the others', async () => {
    const root = path.join(await tempDir(), 'CASME3');
    const made = await makeCasme3({ root, labelSheet: true });
    await writeWorkbook(made.labelSheet as string, [
      {
        name: 'label',
        rows: [
          LABEL_HEADER,
          ['spNO.1', 'a', '5', '8', '12', '4', 'I', 'happy'],
          ['sp1', 'a', '15', '18', '25', '4', 'I', 'happy'],
          ['spNO.1', 'a', 'n/a', '18', '25', '4', 'I', 'happy'],
          ['spNO.1', 'ab', '40', '44', '50', '4', 'I', 'happy'],
        ],
      },
    ]);
    await writeWorkbook(
      path.join(root, 'part_A', 'annotation', 'CAS(ME)3_part_A_v2.xls'),
      [
        {
          name: 'Sheet1',
          rows: [SPOTTING_HEADER, ['spNO.1', 'a', 30, 33, 38, '6', 'Macro', 'I']],
        },
      ],
      'xls',
    );
    const log = new IssueLog();
    const result = await casme3.scan(root, { issues: log, options: {} });
    expect(result.samples.map((s) => s.id)).toEqual(['casme3/spNO.1/spNO.1_a_5']);
    const bad = log.issues.filter((i) => i.code === 'sheet.bad-row');
    expect(bad.map((i) => [i.file, i.row])).toEqual([
      ['part_A/annotation/cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx', 3],
      ['part_A/annotation/cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx', 4],
      ['part_A/annotation/cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx', 5],
      ['part_A/annotation/CAS(ME)3_part_A_v2.xls', 2],
    ]);
    expect(bad[0]?.message).toContain("tab 'label': Subject 'sp1' is not a subject (spNO.<n>)");
    expect(bad[1]?.message).toContain("Onset 'n/a' is not a whole number");
    expect(bad[2]?.message).toContain("Filename 'ab' is not a task letter");
    expect(bad[3]?.message).toContain("Expression type 'Macro' is not Micro-expression or Macro-expression");
    expect(result.rejected).toBe(4);
  });
});
