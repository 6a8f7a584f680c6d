import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMmme, mmmeSheetRows } from '../../../fixtures/mmme.js';
import { type FixtureCell, writeWorkbook } from '../../../fixtures/sheets.js';
import type { Report } from '../../../src/schema/issue.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { namesIn, namesUnder } from './helpers.js';

// Broken rows and missing media are reported by sheet row and pseudonym, never by name.
describe('MMME: problems in the source', () => {
  let base: string;
  let root: string;
  let missingRow: number;

  beforeAll(async () => {
    base = await tempDir();
    root = path.join(base, 'MMME');
    const { rows } = await makeMmme({ root, participants: 2, rowsPerParticipant: 4 });
    const table = mmmeSheetRows(rows, false, false);
    const at = (r: number) => table[r] as FixtureCell[];
    at(2)[2] = 'x'; // Marker not a number (Excel row 3)
    at(3)[5] = 9.5; // OffsetTime past the end of the 4.4 s video (row 4)
    at(4)[4] = 'n/a'; // ApexTime unknown (row 5)
    // the trial video of the last row is missing
    const last = rows[rows.length - 1];
    missingRow = rows.length + 1;
    await rm(path.join(root, 'Facial_videos', last?.name as string, last?.filename as string));
    await writeWorkbook(path.join(root, 'coding_file.xlsx'), [{ name: 'Sheet1', rows: table }]);
  }, 120_000);

  it('stops under --on-error fail, naming rows and pseudonyms but no participant', async () => {
    const run = await runCli(['convert', root, '-o', path.join(base, 'fail'), '--pseudonymised-paths']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/sheet\.bad-row.*Marker is not a number.*row 3/);
    expect(run.stderr).toMatch(/mmme\.video-too-short mmme\/p\d\d\/.*OffsetTime 9\.5 s/);
    expect(run.stderr).toMatch(new RegExp(`mmme\\.media-missing .*row ${missingRow}`));
    expect(namesIn(run.stdout + run.stderr)).toEqual([]);
  });

  it('converts the rest under --on-error skip and reports every problem', async () => {
    const out = path.join(base, 'skip');
    const run = await runCli(['convert', root, '-o', out, '--on-error', 'skip', '--pseudonymised-paths']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
    const codes = report.issues.map((i) => `${i.code}@${i.row}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'sheet.bad-row@3',
        'mmme.video-too-short@4',
        'apex.unknown@5',
        `mmme.media-missing@${missingRow}`,
      ]),
    );
    const info = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
    expect(info.counts.samples).toBe(8 - 3);
    expect(info.counts.skipped).toBe(3);
    expect(await namesUnder(out)).toEqual([]);
    expect(namesIn(run.stdout + run.stderr)).toEqual([]);
  });
});
