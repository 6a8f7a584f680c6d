import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CasmeSqRow, makeCasmeSq } from '../../../fixtures/casme-sq.js';
import { tempDir } from '../../helpers/tmp.js';
import { scanCasmeSq } from './scan-helper.js';

/** The quirks of the release's rows (docs/datasets-more.md §0, §1.5, §1.7), each reported, none repaired. */
describe('CAS(ME)² rows: offset 0, apex 0, apex after offset, typos, overlaps', () => {
  let root: string;
  let rows: CasmeSqRow[];
  let scanned: Awaited<ReturnType<typeof scanCasmeSq>>;
  const rowOf = (video: string) => rows.find((r) => r.video === video) as CasmeSqRow;
  const frameNo = (id: string, index: number | null) => {
    const s = scanned.byId.get(id);
    return index === null || !s ? null : Number(/img(\d+)/.exec(path.basename(s.frames[index] ?? ''))?.[1]);
  };

  beforeAll(async () => {
    ({ root, rows } = await makeCasmeSq({ root: path.join(await tempDir(), 'CASME_sq') }));
    scanned = await scanCasmeSq(root);
  });

  it('offset 0: the range ends at the apex (the organisers’ rule), the offset stays unknown, and it is reported', () => {
    const r = rowOf('disgust1_3');
    expect(r.offset).toBe(0);
    const s = scanned.byId.get('casme-sq/s15/disgust1_3');
    expect(frameNo(s?.id ?? '', s?.offset ?? null)).toBe(r.apex);
    expect(s?.source_frames).toEqual({ onset: r.onset, apex: r.apex, offset: null });
    const reported = scanned.codes('offset.not-annotated');
    expect(reported.map((i) => i.sample)).toEqual(['casme-sq/s15/disgust1_3']);
    expect(reported[0]?.severity).toBe('warning');
  });

  it('apex 0: the midpoint by default (apex_source midpoint), unknown with --apex missing; reported either way', async () => {
    const r = rowOf('anger1_1');
    expect(r.apex).toBe(0);
    const s = scanned.byId.get('casme-sq/s19/anger1_1');
    expect(s?.apex_source).toBe('midpoint');
    expect(frameNo(s?.id ?? '', s?.apex ?? null)).toBe(r.onset + Math.floor((r.offset - r.onset) / 2));
    expect(s?.source_frames.apex).toBeNull();
    expect(scanned.codes('apex.not-annotated').map((i) => i.sample)).toEqual(['casme-sq/s19/anger1_1']);
    const missing = await scanCasmeSq(root, { apexPolicy: 'missing' });
    const m = missing.byId.get('casme-sq/s19/anger1_1');
    expect(m?.apex).toBeNull();
    expect(m?.apex_source).toBe('missing');
    expect(missing.codes('apex.not-annotated')).toHaveLength(1);
  });

  it('apex after offset: reported, apex left unknown, the sheet value kept', () => {
    const r = rowOf('anger1_2');
    expect(r.apex).toBeGreaterThan(r.offset);
    const s = scanned.byId.get('casme-sq/s19/anger1_2');
    expect(s?.apex).toBeNull();
    expect(s?.source_frames).toEqual({ onset: r.onset, apex: r.apex, offset: r.offset });
    expect(scanned.codes('apex.outside').map((i) => i.sample)).toEqual(['casme-sq/s19/anger1_2']);
  });

  it('the happyiness typo is reported and kept as written; emotion is column G as written', () => {
    const s = scanned.byId.get('casme-sq/s23/happy1_1');
    expect(s?.extra.self_report).toBe('happyiness');
    expect(s?.emotion).toBe('positive');
    const typo = scanned.codes('casme-sq.label-typo');
    expect(typo.map((i) => i.row)).toEqual([rows.indexOf(rowOf('happy1_1')) + 1]);
    expect(typo[0]?.message).toContain("'happiness'");
  });

  it('keeps overlapping intervals and the shared-onset pair as separate samples, reporting both facts', () => {
    for (const id of ['s15/happy2_1', 's15/happy2_2', 's23/happy1_1', 's23/happy1_2'])
      expect(scanned.byId.has(`casme-sq/${id}`), id).toBe(true);
    expect(scanned.result.details.overlapping_pairs).toBe(2);
    expect(scanned.codes('casme-sq.overlap')[0]?.message).toContain('2 pairs');
    expect(scanned.codes('casme-sq.same-onset').map((i) => i.sample)).toEqual(['casme-sq/s23/happy1_2']);
  });

  it('keeps AU cells as written, numbers and text alike', () => {
    expect(scanned.byId.get('casme-sq/s15/disgust1_1')?.aus_raw).toBe('4');
    const s = scanned.byId.get('casme-sq/s15/disgust1_2');
    expect(s?.aus_raw).toBe('4+10+14');
    expect(s?.aus.map((a) => a.au)).toEqual([4, 10, 14]);
  });

  it('rejects a row with offset and apex both 0: nothing to end the range at', async () => {
    const dir = path.join(await tempDir(), 'x');
    const made = await makeCasmeSq({ root: dir });
    const { writeWorkbook } = await import('../../../fixtures/sheets.js');
    const cells = made.rows.map((r, i) => [
      r.index,
      r.video,
      r.onset,
      i === 0 ? 0 : r.apex,
      i === 0 ? 0 : r.offset,
      r.aus,
      r.emotion,
      r.type,
      r.selfReport,
    ]);
    await writeWorkbook(made.sheet, [
      { name: 'CASFEcode_final', rows: cells },
      { name: 'naming rule1', rows: made.rows.map((r) => [Number(r.folder.slice(1)), r.folder, r.index]) },
      {
        name: 'naming rule2',
        rows: [
          ['0101', 'disgust1'],
          ['0401', 'anger1'],
          ['0502', 'happy1'],
          ['0503', 'happy2'],
        ],
      },
    ]);
    const again = await scanCasmeSq(dir);
    expect(again.codes('sheet.bad-interval').map((i) => i.row)).toEqual([1]);
    expect(again.result.samples).toHaveLength(made.rows.length - 1);
  });
});
