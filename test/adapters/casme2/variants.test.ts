import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../../fixtures/casme2.js';
import { readManifest } from '../../../src/manifest/read.js';
import type { Report } from '../../../src/schema/issue.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const labels = async (out: string) => {
  const counts: Record<string, number> = {};
  for (const s of await readManifest(out)) counts[s.label ?? 'null'] = (counts[s.label ?? 'null'] ?? 0) + 1;
  return counts;
};
const report = async (out: string) =>
  JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
const info = async (out: string) => JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));

describe('CASME II sheet variants (docs/datasets.md §1.3)', () => {
  it('reads CASME2-coding-20190701.xlsx: Objective Classes, three sadness rows relabelled surprise', async () => {
    const dir = await tempDir();
    await makeCasme2({ root: path.join(dir, 'CASME2'), sheet: '20190701' });
    const out = path.join(dir, 'out');
    expect(
      (await runCli(['convert', path.join(dir, 'CASME2'), '-o', out, '--labels', 'megc2019'])).code,
    ).toBe(0);
    expect((await info(out)).datasets[0].sources[0].version).toBe('casme2-coding-20190701');
    expect(await labels(out)).toEqual({ negative: 90, positive: 32, surprise: 28, null: 105 });
    const samples = await readManifest(out);
    expect(samples.find((s) => s.id === 'casme2/sub24/EP07_04f')).toMatchObject({
      emotion: 'surprise',
      label: 'surprise',
    });
    expect(samples.every((s) => Number.isInteger(s.extra.objective_class))).toBe(true);
    expect(samples.some((s) => s.aus_raw === '?')).toBe(false);
  });

  it('reads the old CASME2_label_Ver_2.xls (BIFF8, no blank columns, Subject as a number)', async () => {
    const dir = await tempDir();
    await makeCasme2({ root: path.join(dir, 'CASME2'), sheet: 'ver2-xls' });
    const out = path.join(dir, 'out');
    const run = await runCli(['convert', path.join(dir, 'CASME2'), '-o', out, '--labels', 'megc2019']);
    expect(run.code, run.stderr).toBe(0);
    expect((await info(out)).datasets[0].sources[0]).toMatchObject({
      file: 'CASME2_label_Ver_2.xls',
      version: 'casme2-label-ver2',
    });
    expect(await labels(out)).toEqual({ negative: 90, positive: 32, surprise: 25, null: 108 });
    expect((await readManifest(out)).map((s) => s.subject)).toContain('casme2/sub01');
  });

  it('reads Subject stored as a number in an .xlsx', async () => {
    const dir = await tempDir();
    await makeCasme2({ root: path.join(dir, 'CASME2'), subjectAsNumber: true });
    const out = path.join(dir, 'out');
    expect((await runCli(['convert', path.join(dir, 'CASME2'), '-o', out])).code).toBe(0);
    const subjects = new Set((await readManifest(out)).map((s) => s.subject));
    expect(subjects.size).toBe(26);
    expect(subjects).toContain('casme2/sub09');
  });

  it('an edited 2014 sheet (blank columns deleted, one apex changed) is a variant, with the cells that differ', async () => {
    const dir = await tempDir();
    await makeCasme2({ root: path.join(dir, 'CASME2'), sheet: '20140508-edited' });
    const out = path.join(dir, 'out');
    const run = await runCli(['convert', path.join(dir, 'CASME2'), '-o', out]);
    expect(run.code).toBe(0);
    const version = (await info(out)).datasets[0].sources[0].version;
    expect(version).toBe(
      "variant of casme2-coding-20140508: header 'Subject|Filename|OnsetFrame|ApexFrame|OffsetFrame|Action Units|Estimated Emotion' (casme2-coding-20140508: 'Subject|Filename||OnsetFrame|ApexFrame|OffsetFrame||Action Units|Estimated Emotion'); sub04/EP12_01f ApexFrame 300 (casme2-coding-20140508: '/')",
    );
    // shown in the convert summary
    expect(run.stdout).toContain(`source CASME2-coding-20140508.xlsx: ${version}`);
  });

  it('uses the 2014 sheet when both are present, and says so', async () => {
    const dir = await tempDir();
    await makeCasme2({ root: path.join(dir, 'CASME2'), sheet: '20190701' });
    await makeCasme2({ root: path.join(dir, 'CASME2'), sheet: '20140508' });
    const out = path.join(dir, 'out');
    expect((await runCli(['convert', path.join(dir, 'CASME2'), '-o', out])).code).toBe(0);
    expect((await info(out)).datasets[0].sources[0].version).toBe('casme2-coding-20140508');
    const warning = (await report(out)).issues.find((i) => i.code === 'sheet.several-sheets');
    expect(warning?.message).toContain('CASME2-coding-20190701.xlsx');
    const chosen = path.join(dir, 'out-2019');
    expect(
      (
        await runCli([
          'convert',
          path.join(dir, 'CASME2'),
          '-o',
          chosen,
          '--sheet',
          path.join(dir, 'CASME2', 'CASME2-coding-20190701.xlsx'),
        ])
      ).code,
    ).toBe(0);
    expect((await info(chosen)).datasets[0].sources[0].version).toBe('casme2-coding-20190701');
  });
});

describe('CASME II problems in the source and the error policy', () => {
  it('a sheet row with no folder fails the run by default, naming the folder; --on-error skip converts the rest', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'CASME2');
    await makeCasme2({ root, missingFolders: ['sub01/EP02_01f'] });
    const failed = await runCli(['convert', root, '-o', path.join(dir, 'out')]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('no folder CASME2_RAW_selected/sub01/EP02_01f/ for this sheet row');
    expect(failed.stderr).toContain('CASME2-coding-20140508.xlsx, row 2');
    await expect(readFile(path.join(dir, 'out', 'manifest.jsonl'))).rejects.toThrow();

    const skipped = await runCli(['convert', root, '-o', path.join(dir, 'out'), '--on-error', 'skip']);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(await readManifest(path.join(dir, 'out'))).toHaveLength(254);
    expect((await info(path.join(dir, 'out'))).counts.skipped).toBe(1);
    expect(
      (await report(path.join(dir, 'out'))).issues.find((i) => i.code === 'frames.folder-missing'),
    ).toMatchObject({
      severity: 'error',
      sample: 'casme2/sub01/EP02_01f',
      row: 2,
    });
  });

  it('a clip with a missing frame between onset and offset is an error naming the frames', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'CASME2');
    const { rows } = await makeCasme2({ root });
    const row = rows.find((r) => r.subject === '01' && r.filename === 'EP02_01f');
    if (!row) throw new Error('fixture lacks sub01/EP02_01f');
    await rm(path.join(root, 'CASME2_RAW_selected', 'sub01', 'EP02_01f', `img${row.onset + 1}.jpg`));
    const run = await runCli(['convert', root, '-o', path.join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`frames missing between onset and offset: ${row.onset + 1}`);
  });

  it('two files with one frame number are an error naming both', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'CASME2');
    const { rows } = await makeCasme2({ root });
    const row = rows.find((r) => r.subject === '01' && r.filename === 'EP02_01f');
    const clip = path.join(root, 'CASME2_RAW_selected', 'sub01', 'EP02_01f');
    await writeFile(
      path.join(clip, `img0${row?.onset}.jpg`),
      await readFile(path.join(clip, `img${row?.onset}.jpg`)),
    );
    const run = await runCli(['convert', root, '-o', path.join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `frame number ${row?.onset} is written by several files (img0${row?.onset}.jpg, img${row?.onset}.jpg)`,
    );
  });

  it('a row with a non-numeric onset is reported with its row', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'CASME2');
    await makeCasme2({ root, sheet: 'none' });
    const { writeWorkbook } = await import('../../../fixtures/sheets.js');
    const { casme2Rows, casme2SheetRows } = await import('../../../fixtures/casme2.js');
    const table = casme2SheetRows(casme2Rows(), '20140508');
    (table[3] as unknown[])[3] = 'n/a';
    await writeWorkbook(path.join(root, 'CASME2-coding-20140508.xlsx'), [{ name: 'Sheet1', rows: table }]);
    const run = await runCli(['convert', root, '-o', path.join(dir, 'out'), '--on-error', 'skip']);
    expect(run.code).toBe(0);
    const issue = (await report(path.join(dir, 'out'))).issues.find((i) => i.code === 'sheet.bad-row');
    expect(issue).toMatchObject({ severity: 'error', file: 'CASME2-coding-20140508.xlsx', row: 4 });
    expect(issue?.message).toContain("OnsetFrame 'n/a' is not a whole number");
  });

  it('no coding sheet: a clear error, exit 1', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'CASME2');
    await makeCasme2({ root, sheet: 'none' });
    const run = await runCli(['convert', root, '-o', path.join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no CASME II coding sheet found; expected CASME2-coding-20140508.xlsx');
  });
});
