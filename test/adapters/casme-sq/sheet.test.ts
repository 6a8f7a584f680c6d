import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CasmeSqRow, makeCasmeSq, STIMULI } from '../../../fixtures/casme-sq.js';
import { writeWorkbook } from '../../../fixtures/sheets.js';
import { casmeSq } from '../../../src/adapters/casme-sq/index.js';
import { tempDir } from '../../helpers/tmp.js';
import { scanCasmeSq } from './scan-helper.js';

const mainCells = (rows: readonly CasmeSqRow[]) =>
  rows.map((r) => [r.index, r.video, r.onset, r.apex, r.offset, r.aus, r.emotion, r.type, r.selfReport]);
const rule1Cells = (rows: readonly CasmeSqRow[]) =>
  rows.map((r) => [Number(r.folder.slice(1)), r.folder, r.index]);
const rule2Cells = () => STIMULI.map((st) => [{ v: st.code, z: '@' }, st.prefix]);

describe('CAS(ME)² sheet variants (docs/datasets-more.md §1.4)', () => {
  it('reads the header-less official sheet from row 1: sample 1 is not eaten as a header', async () => {
    const { root, rows } = await makeCasmeSq({ root: path.join(await tempDir(), 'CASME_sq') });
    const { result, codes } = await scanCasmeSq(root);
    expect(result.samples).toHaveLength(rows.length);
    const first = result.samples.find((s) => s.source.row === 1);
    expect(first?.id).toBe(`casme-sq/${rows[0]?.folder}/${rows[0]?.video}`);
    expect(codes('sheet.version')[0]?.message).toContain('official layout (header-less, three tabs)');
    expect(codes('sheet.note-row')).toEqual([]);
  });

  it('accepts the ### copy: row 1 skipped, column J formulas and the two footer rows recognised and ignored', async () => {
    const { root, rows } = await makeCasmeSq({ root: path.join(await tempDir(), 'x'), variant: 'hash-row' });
    const { result, codes, issues } = await scanCasmeSq(root);
    expect(result.samples).toHaveLength(rows.length);
    // data on rows 2…n+1 in this copy; the footer (sum, mean of J) right below
    expect(result.samples.map((s) => s.source.row ?? 0).sort((a, b) => a - b)).toEqual(
      rows.map((_, i) => i + 2),
    );
    const footers = [rows.length + 2, rows.length + 3];
    expect(codes('sheet.note-row').map((i) => i.row)).toEqual(footers);
    expect(codes('sheet.version')[0]?.message).toContain(
      `'###' row 1, a formula column J and footer rows ${footers.join(', ')}`,
    );
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.details.sheet_version).toMatch(/user-edited copy/);
  });

  it('reads naming rule2 codes stored as numbers (101) as the 4-digit code', async () => {
    const made = await makeCasmeSq({ root: path.join(await tempDir(), 'x') });
    // a copy re-saved without the text format: '0101' becomes the number 101
    await writeWorkbook(made.sheet, [
      { name: 'CASFEcode_final', rows: mainCells(made.rows) },
      { name: 'naming rule1', rows: rule1Cells(made.rows) },
      { name: 'naming rule2', rows: STIMULI.map((st) => [Number(st.code), st.prefix]) },
    ]);
    const { result } = await scanCasmeSq(made.root);
    expect(result.samples).toHaveLength(made.rows.length);
    expect(new Set(result.samples.map((sm) => sm.extra.video_code))).toEqual(
      new Set(['0101', '0401', '0502', '0503']),
    );
  });

  it('follows naming rule1 by index when the main rows were re-ordered, and says so', async () => {
    const root = path.join(await tempDir(), 'x');
    const made = await makeCasmeSq({ root });
    // main rows sorted by video name, naming rule1 left as it was: the row alignment is lost
    const sorted = [...made.rows].sort((a, b) => a.video.localeCompare(b.video));
    await writeWorkbook(made.sheet, [
      { name: 'CASFEcode_final', rows: mainCells(sorted) },
      { name: 'naming rule1', rows: rule1Cells(made.rows) },
      { name: 'naming rule2', rows: rule2Cells() },
    ]);
    const { result, codes } = await scanCasmeSq(root);
    expect(codes('casme-sq.rule1-misaligned')).toHaveLength(1);
    expect(result.samples.map((s) => s.id).sort()).toEqual(
      made.rows.map((r) => `casme-sq/${r.folder}/${r.video}`).sort(),
    );
  });

  it('rejects a bad row naming the tab, row and column letter, and a stimulus naming rule2 lacks', async () => {
    const root = path.join(await tempDir(), 'x');
    const made = await makeCasmeSq({ root });
    const cells = made.rows.map((r) => [
      r.index,
      r.video,
      r.onset,
      r.apex,
      r.offset,
      r.aus,
      r.emotion,
      r.type,
      r.selfReport,
    ]);
    (cells[1] as unknown[])[2] = 'n/a';
    (cells[2] as unknown[])[1] = 'happy9_1';
    await writeWorkbook(made.sheet, [
      { name: 'CASFEcode_final', rows: cells },
      { name: 'naming rule1', rows: rule1Cells(made.rows) },
      { name: 'naming rule2', rows: rule2Cells() },
    ]);
    const { result, codes } = await scanCasmeSq(root);
    const bad = codes('sheet.bad-row');
    expect(bad.map((i) => i.row)).toEqual([2, 3]);
    expect(bad[0]?.message).toContain("tab 'CASFEcode_final': C (onset) 'n/a' is not a whole number");
    expect(bad[1]?.message).toContain("stimulus 'happy9' is not in column B of tab 'naming rule2'");
    expect(result.rejected).toBe(2);
    expect(result.samples).toHaveLength(made.rows.length - 2);
  });
});

describe('CAS(ME)² detection', () => {
  for (const fileName of ['CASME_sq_gt.xlsx', 'code_final.xlsx', 'CAS.xlsx']) {
    it(`finds the sheet under its circulating name ${fileName} (high with rawpic/)`, async () => {
      const dir = await tempDir();
      await makeCasmeSq({ root: path.join(dir, 'CASME_sq'), fileName });
      const d = await casmeSq.detect(dir);
      expect(d.confidence).toBe('high');
      expect(d.root).toBe(path.join(dir, 'CASME_sq'));
    });
  }

  it('detects the MEGC 2021 face-cropped download from the folder above', async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'CAS(ME)2_longVideoFaceCropped');
    await makeCasmeSq({ root, layouts: ['face-cropped'] });
    const d = await casmeSq.detect(dir);
    expect(d.confidence).toBe('high');
    expect(d.root).toBe(root);
  });

  it('prefers the official file name when the ### copy lies beside it, and says so', async () => {
    const made = await makeCasmeSq({ root: path.join(await tempDir(), 'x') });
    await makeCasmeSq({ root: made.root, variant: 'hash-row' });
    const { result, codes } = await scanCasmeSq(made.root);
    expect(result.sources[0]?.file).toBe('CAS(ME)^2code_final.xlsx');
    expect(codes('sheet.several-sheets')[0]?.message).toContain('CAS.xlsx');
  });

  it('is medium with the folders alone and names what it expected when nothing matches', async () => {
    const dir = await tempDir();
    const made = await makeCasmeSq({ root: path.join(dir, 'CASME_sq') });
    await rm(made.sheet);
    expect((await casmeSq.detect(made.root)).confidence).toBe('medium');
    const none = await casmeSq.detect(await tempDir());
    expect(none.confidence).toBe('none');
    expect(none.reason).toContain('CAS(ME)^2code_final.xlsx');
  });
});
