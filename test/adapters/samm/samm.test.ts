import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSamm, type SammRow, sammSheetName, sammSheetRows } from '../../../fixtures/samm.js';
import { writeWorkbook } from '../../../fixtures/sheets.js';
import { parseSammSheet } from '../../../src/adapters/samm/sheet.js';
import { scan } from '../../../src/convert/scan.js';
import { IssueLog } from '../../../src/issues/issues.js';
import type { Issue } from '../../../src/schema/issue.js';
import { SampleSchema } from '../../../src/schema/sample.js';
import { isFile } from '../../../src/sources/fs.js';
import { readWorkbook } from '../../../src/sources/sheet.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

let base: string;
let v2: string;
let typos: string;
let rows: SammRow[];

beforeAll(async () => {
  base = await tempDir('me-unify-samm-');
  v2 = path.join(base, 'v2', 'SAMM');
  typos = path.join(base, 'typos', 'SAMM');
  rows = (await makeSamm({ root: v2 })).rows;
  // the other circulating copy, with Subject stored as a number and the dated file name
  await makeSamm({ root: typos, variant: 'v2-apex-typos', subjectAsNumber: true, dated: true });
}, 60_000);

const byCode = (issues: readonly Issue[], code: string) => issues.filter((i) => i.code === code);

describe('SAMM on a tree laid out like the real download (done-when)', () => {
  it('detect names samm; convert --labels megc2019 --frames none gives the MEGC counts; validate exits 0', async () => {
    const detected = await runCli(['detect', v2]);
    expect(detected.code).toBe(0);
    expect(detected.stdout).toMatch(/^samm \(confidence high\)/);

    const out = path.join(base, 'out-v2');
    const converted = await runCli(['convert', v2, '-o', out, '--labels', 'megc2019', '--frames', 'none']);
    expect(converted.code).toBe(0);
    const lines = (await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).trim().split('\n');
    const samples = lines.map((l) => SampleSchema.parse(JSON.parse(l)));
    expect(samples).toHaveLength(159);
    expect(new Set(samples.map((s) => s.subject)).size).toBe(29);
    const count = (label: string | null) => samples.filter((s) => s.label === label).length;
    expect([count('negative'), count('positive'), count('surprise'), count(null)]).toEqual([92, 26, 15, 26]);
    expect(samples.filter((s) => s.label === null).every((s) => s.emotion === 'Other')).toBe(true);
    for (const s of samples) {
      const { onset, offset } = s.source_frames;
      expect(s.frame_count).toBe((offset as number) - (onset as number) + 1);
      expect(s.frames).toHaveLength(s.frame_count);
    }
    const first = samples.find((s) => s.id === 'samm/006/006_1_2');
    expect(first && (await isFile(path.resolve(out, first.frames[0] as string)))).toBe(true);

    const validated = await runCli(['validate', out]);
    expect(validated.code).toBe(0);
    const info = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
    expect(info.datasets[0].sources[0].version).toBe('samm-micro-v2');
    expect(info.counts.by_label).toEqual({ negative: 92, positive: 26, surprise: 15, null: 26 });
  });
});

describe('SAMM sheet quirks (docs/datasets.md §2.3)', () => {
  it('finds the header on row 14 below the title block, and wherever a release puts it', async () => {
    const wb = await readWorkbook(path.join(v2, sammSheetName(false)));
    const parsed = parseSammSheet(wb, 'sheet.xlsx', new IssueLog());
    expect(parsed?.sheetName).toBe('MICRO_ONLY');
    expect(parsed?.rows[0]?.row).toBe(15);
    expect(parsed?.dataRows).toBe(159);

    // two more title rows and a differently named tab: still found by content
    const shifted = path.join(base, 'shifted.xlsx');
    await writeWorkbook(shifted, [{ name: 'Sheet1', rows: [['Extra title'], [], ...sammSheetRows(rows)] }]);
    const again = parseSammSheet(await readWorkbook(shifted), 'shifted.xlsx', new IssueLog());
    expect(again?.rows[0]?.row).toBe(17);
    expect(again?.rows.map((r) => r.filename)).toEqual(parsed?.rows.map((r) => r.filename));
  });

  it('reads Subject stored as text with format @ and as a number to the same 3-digit subject', async () => {
    const cell = XLSX.read(await readFile(path.join(v2, sammSheetName(false))), { cellNF: true }).Sheets
      .MICRO_ONLY?.A15;
    expect(cell?.t).toBe('s');
    expect(cell?.z).toBe('@');
    const asNumber = XLSX.read(await readFile(path.join(typos, sammSheetName(true)))).Sheets.MICRO_ONLY?.A15;
    expect(asNumber?.t).toBe('n');
    const a = await scan(v2);
    const b = await scan(typos);
    expect(b.result.samples.map((s) => s.subject)).toEqual(a.result.samples.map((s) => s.subject));
    expect(a.result.samples[0]?.subject).toBe('samm/006');
  });

  it('reads Duration from the cached value of its formula and reports a cached value that disagrees', async () => {
    const raw = XLSX.read(await readFile(path.join(v2, sammSheetName(false))), { cellFormula: true });
    const g15 = raw.Sheets.MICRO_ONLY?.G15;
    expect(g15?.f).toBe('SUM(F15-D15)+1');
    expect(g15?.v).toBe((rows[0] as SammRow).offset - (rows[0] as SammRow).onset + 1);
    const ok = await scan(v2);
    expect(byCode(ok.issues.issues, 'samm.duration')).toHaveLength(0);

    const data = sammSheetRows(rows);
    const bad = data[14] as { v: number; f?: string }[];
    bad[6] = { v: 999, f: 'SUM(F15-D15)+1' };
    const file = path.join(base, 'duration.xlsx');
    await writeWorkbook(file, [{ name: 'MICRO_ONLY', rows: data }]);
    const issues = new IssueLog();
    parseSammSheet(await readWorkbook(file), 'duration.xlsx', issues);
    const [warning] = byCode(issues.issues, 'samm.duration');
    expect(warning?.row).toBe(15);
    expect(warning?.message).toContain('999');
  });

  it('keeps the AU cell exactly in aus_raw and parses the full SAMM syntax into aus', async () => {
    const { result } = await scan(v2);
    const samples = result.samples;
    const trailing = samples.find((s) => s.aus_raw === '12+15 ');
    expect(trailing?.aus.map((a) => a.au)).toEqual([12, 15]);
    const numeric = samples.filter((s) => /^\d+$/.test(s.aus_raw ?? ''));
    expect(numeric).toHaveLength(37);
    const or = samples.find((s) => s.clip === '007_6_1');
    expect(or?.aus_raw).toBe('(R6 or R12) + R15');
    expect(or?.aus.map((a) => [a.side, a.au, a.uncertain])).toEqual([
      ['R', 6, true],
      ['R', 12, true],
      ['R', 15, false],
    ]);
    const intensity = samples.find((s) => s.aus_raw === '4A/B');
    expect(intensity?.aus[0]).toMatchObject({ au: 4, intensity: 'A', uncertain: true });
    const lip = samples.find((s) => s.aus_raw === 'T18');
    expect(lip?.aus).toEqual([
      { au: 18, side: null, asymmetric: false, intensity: null, uncertain: false, token: 'T18' },
    ]);
    const asym = samples.find((s) => s.aus_raw === 'A2');
    expect(asym?.aus[0]).toMatchObject({ au: 2, asymmetric: true });
    const spaced = samples.find((s) => s.aus_raw === '4 + 7');
    expect(spaced?.aus.map((a) => a.au)).toEqual([4, 7]);
  });

  it('keeps Objective Classes, Inducement Code and Notes in extra', async () => {
    const { result } = await scan(v2);
    const byClip = new Map(result.samples.map((s) => [s.clip, s]));
    for (const r of rows) {
      expect(byClip.get(r.filename)?.extra).toMatchObject({
        objective_class: r.objective,
        inducement_code: r.inducement,
        notes: r.notes,
        type: 'Micro - 1/2',
      });
    }
    expect(result.samples.filter((s) => s.extra.notes === null)).toHaveLength(98);
  });
});

describe('SAMM frames (docs/datasets.md §2.2)', () => {
  it('reads 4- and 5-digit padding and unpadded 5-digit numbers as the number after the last underscore', async () => {
    const { result } = await scan(v2);
    const clip = (name: string) => result.samples.find((s) => s.clip === name);
    const five = clip('006_1_2');
    expect(path.basename(five?.frames[0] as string)).toBe('006_05562.jpg');
    expect(five?.source_frames.onset).toBe(5562);
    const big = clip('016_7_8');
    expect(path.basename(big?.frames[0] as string)).toMatch(/^016_1\d{4}\.jpg$/);
    expect(path.basename(clip('017_3_2')?.frames[0] as string)).toBe('017_0083.jpg');
    const four = result.samples.find(
      (s) => /_0\d{3}\.jpg$/.test(s.frames[0] as string) && s.clip.startsWith('009'),
    );
    expect(four?.frames.length).toBe((four?.offset ?? 0) + 1);
    for (const s of result.samples) {
      expect(s.onset).toBe(0);
      expect(s.offset).toBe(s.frames.length - 1);
      expect(s.fps).toBe(200);
    }
  });

  it('reports a clip folder that is missing; --on-error skip converts the rest', async () => {
    const root = path.join(base, 'missing', 'SAMM');
    await makeSamm({ root, missingFolders: ['011_2_1'], unlistedFolder: true });
    const out = path.join(base, 'out-missing');
    const failed = await runCli(['convert', root, '-o', out, '--frames', 'none']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('011/011_2_1');
    const skipped = await runCli(['convert', root, '-o', out, '--frames', 'none', '--on-error', 'skip']);
    expect(skipped.code).toBe(0);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    const missing = byCode(report.issues, 'frames.folder-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ sample: 'samm/011/011_2_1', file: 'SAMM_Micro_FACS_Codes_v2.xlsx' });
    expect(byCode(report.issues, 'sheet.unlisted-folder')[0]?.file).toBe('006/006_9_99');
    const info = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
    expect(info.counts.samples).toBe(158);
    expect(info.counts.skipped).toBe(1);
  });
});

describe('the two circulating v2 copies (docs/datasets.md §2.3, §7.1)', () => {
  it('reports an apex outside [onset, offset] by file, row, clip and values, and never changes it', async () => {
    const { result, issues } = await scan(typos);
    expect(result.sources[0]?.version).toBe('samm-micro-v2-apex-typos');
    expect(result.sources[0]?.file).toBe('SAMM_20181215_Micro_FACS_Codes_v2.xlsx');
    expect(result.details.apex_outside_range).toEqual(['028_4_1', '032_3_1']);
    const warnings = byCode(issues.issues, 'apex.outside');
    expect(warnings.map((w) => w.sample)).toEqual(['samm/028/028_4_1', 'samm/032/032_3_1']);
    const first = warnings[0] as Issue;
    expect(first.severity).toBe('warning');
    expect(first.file).toBe('SAMM_20181215_Micro_FACS_Codes_v2.xlsx');
    expect(first.row).toBe(15 + rows.findIndex((r) => r.filename === '028_4_1'));
    expect(first.message).toContain('1143');
    expect(first.message).toContain('1100..1134');
    const s = result.samples.find((x) => x.clip === '032_3_1');
    expect(s).toMatchObject({ apex: null, apex_source: 'missing' });
    expect(s?.source_frames).toEqual({ onset: 4896, apex: 1930, offset: 4950 });
  });

  it('a copy that differs in a distinguishing cell is a variant, with the cells that differ (§2.5.2)', async () => {
    const root = path.join(base, 'edited');
    await makeSamm({ root, variant: 'edited' });
    const { result } = await scan(root);
    expect(result.sources[0]?.version).toBe(
      'variant of samm-micro-v2: header row 1 (samm-micro-v2: 14); 028_4_1 Apex Frame 1124 (samm-micro-v2: 1113)',
    );
    expect(result.samples).toHaveLength(159);
  });

  it('the other copy has the apexes inside the range and is recognised as such', async () => {
    const { result, issues } = await scan(v2);
    expect(result.sources[0]?.version).toBe('samm-micro-v2');
    expect(byCode(issues.issues, 'apex.outside')).toHaveLength(0);
    const s = result.samples.find((x) => x.clip === '028_4_1');
    expect(s?.apex_source).toBe('annotated');
    expect(s?.source_frames.apex).toBe(1113);
    expect(s?.apex).toBe(13);
  });
});
