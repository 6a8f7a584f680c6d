import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSammSheet } from '../../../fixtures/samm.js';
import { makeSammLv, type SammLvRow } from '../../../fixtures/samm-lv.js';
import type { SourceSample } from '../../../src/adapters/adapter.js';
import type { SammRow as SheetRow } from '../../../src/adapters/samm/sheet.js';
import { mergeEmotions } from '../../../src/adapters/samm-lv/merge.js';
import type { LongVideoRow } from '../../../src/adapters/samm-lv/sheet.js';
import { scan } from '../../../src/convert/scan.js';
import type { Issue } from '../../../src/schema/issue.js';
import { SampleSchema } from '../../../src/schema/sample.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

let base: string;
let full: string;
let fullRows: SammLvRow[];
let small: string;
let smallRows: SammLvRow[];
let withoutMicro: string;

beforeAll(async () => {
  base = await tempDir('me-unify-samm-lv-');
  full = path.join(base, 'megc2021');
  small = path.join(base, 'small');
  withoutMicro = path.join(base, 'without-micro');
  // as circulated for MEGC 2021: not named after the release, every video (docs/datasets.md §2.5.1)
  fullRows = (await makeSammLv({ root: full, fileName: 'SAMMLV_gt.xlsx', videos: 'all', microSheet: true }))
    .rows;
  smallRows = (await makeSammLv({ root: small, microSheet: true })).rows;
  await makeSammLv({ root: withoutMicro, release: 'V1' });
}, 120_000);

const byCode = (issues: readonly Issue[], code: string) => issues.filter((i) => i.code === code);
const find = (samples: readonly SourceSample[], clip: string, kind = 'micro') =>
  samples.find((s) => s.clip === clip && s.kind === kind) as SourceSample;

describe('the SAMM-LV sheet as circulated for MEGC 2021, with the SAMM v2 micro sheet beside it', () => {
  it('converts with the default policy: every row a sample, 159 micro-expressions with their emotions, and validates', async () => {
    expect(fullRows).toHaveLength(502);
    const out = path.join(base, 'out-full');
    const converted = await runCli(['convert', full, '-o', out, '--labels', 'megc2019', '--frames', 'none']);
    expect(converted.code).toBe(0);
    const samples = (await readFile(path.join(out, 'manifest.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => SampleSchema.parse(JSON.parse(l)));
    expect(samples).toHaveLength(502);
    expect(new Set(samples.map((s) => s.id)).size).toBe(502);
    expect(samples.filter((s) => s.kind === 'macro')).toHaveLength(343);
    const micro = samples.filter((s) => s.kind === 'micro');
    expect(micro).toHaveLength(159);
    const labels: Record<string, number> = {};
    for (const s of micro) labels[String(s.label)] = (labels[String(s.label)] ?? 0) + 1;
    expect(labels).toEqual({ negative: 92, positive: 26, surprise: 15, null: 26 });
    expect(micro.filter((s) => s.emotion === 'Other')).toHaveLength(26);
    expect(samples.filter((s) => s.kind === 'macro').every((s) => s.emotion === null)).toBe(true);
    expect((await runCli(['validate', out])).code).toBe(0);
  }, 120_000);

  it('joins all 159 micro rows to the micro sheet by Filename although half the videos number frames differently', async () => {
    const { result, issues } = await scan(full);
    const merge = result.details.emotion_merge as Record<string, unknown>;
    expect(merge).toMatchObject({
      micro_rows_in_long_video_sheet: 159,
      matched: 159,
      duration_mismatches: [],
      long_video_rows_unmatched: [],
      micro_sheet_rows_unmatched: 0,
    });
    expect(merge.matched_with_frame_shift).toBeGreaterThan(50);
    expect(merge.matched_with_frame_shift).toBeLessThan(110);
    expect(byCode(issues.issues, 'samm-lv.emotion-merge')[0]?.message).toMatch(
      /^159 of 159 micro-expressions of the long-video sheet matched a row of SAMM_Micro_FACS_Codes_v2\.xlsx by Filename/,
    );
    const shifted = result.samples.find(
      (s) => (s.extra.emotion_from as { frame_shift: number })?.frame_shift > 0,
    );
    expect(shifted?.emotion).not.toBeNull();
    expect(result.sources.map((s) => s.file)).toEqual(['SAMMLV_gt.xlsx', 'SAMM_Micro_FACS_Codes_v2.xlsx']);
  }, 60_000);

  it('apex -1 means not annotated: a sample with an unknown apex, warned, never a bad row', async () => {
    const { result, issues } = await scan(full);
    const notAnnotated = fullRows.filter((r) => r.apex === -1);
    expect(notAnnotated).toHaveLength(6);
    expect(notAnnotated.filter((r) => r.type !== 'Macro')).toHaveLength(2);
    const warned = byCode(issues.issues, 'apex.not-annotated');
    expect(warned).toHaveLength(6);
    for (const r of notAnnotated) {
      const s = find(result.samples, r.filename, r.type === 'Macro' ? 'macro' : 'micro');
      expect(s.apex).toBeNull();
      expect(s.apex_source).toBe('missing');
      expect(s.source_frames.apex).toBeNull();
      expect(warned.some((w) => w.sample === s.id && w.severity === 'warning')).toBe(true);
    }
    expect(issues.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.rejected).toBe(0);
  }, 60_000);

  it('a Filename listed as Micro and as Macro gives two samples with unique ids', async () => {
    const { result } = await scan(full);
    const counts = new Map<string, number>();
    for (const r of fullRows) counts.set(r.filename, (counts.get(r.filename) ?? 0) + 1);
    const twice = [...counts].filter(([, n]) => n === 2).map(([f]) => f);
    expect(twice).toHaveLength(1);
    const both = result.samples.filter((s) => s.clip === twice[0]);
    expect(both.map((s) => s.kind).sort()).toEqual(['macro', 'micro']);
    expect(new Set(both.map((s) => s.id)).size).toBe(2);
    expect(find(result.samples, twice[0] as string, 'micro').emotion).not.toBeNull();
  }, 60_000);

  it('reads fractional frame numbers and Onset 0', async () => {
    const { result, issues } = await scan(full);
    expect(fullRows.filter((r) => !Number.isInteger(r.onset))).toHaveLength(143);
    expect(fullRows.filter((r) => r.onset === 0)).toHaveLength(10);
    expect(byCode(issues.issues, 'samm-lv.onset-unknown')).toHaveLength(10);
    const r = fullRows.find((x) => !Number.isInteger(x.onset)) as SammLvRow;
    const s = find(result.samples, r.filename, 'macro');
    expect(s.source_frames.onset).toBe(r.onset);
    expect(s.frames[s.onset]).toMatch(new RegExp(`_0*${Math.round(r.onset)}\\.jpg$`));
  }, 60_000);
});

describe('SAMM-LV variants and merge problems', () => {
  it('the copy with the title block deleted (header on row 1) reads the same', async () => {
    const bare = path.join(base, 'title-less');
    await makeSammLv({ root: bare, fileName: 'SAMM.xlsx', titleBlock: false });
    const a = await scan(small);
    const b = await scan(bare);
    expect(a.result.samples[0]?.source.row).toBe(11);
    expect(b.result.samples[0]?.source.row).toBe(2);
    expect(b.result.samples.map((s) => [s.id, s.onset, s.apex, s.offset, s.kind])).toEqual(
      a.result.samples.map((s) => [s.id, s.onset, s.apex, s.offset, s.kind]),
    );
  });

  it('reports each duration that disagrees with the micro sheet, by row', async () => {
    const root = path.join(base, 'duration');
    const made = await makeSammLv({ root });
    const changed = smallRows.find((r) => r.type !== 'Macro' && r.apex !== -1) as SammLvRow;
    await writeSammSheet(
      path.join(root, 'SAMM_Micro_FACS_Codes_v2.xlsx'),
      made.microRows.map((m) => (m.filename === changed.filename ? { ...m, offset: m.offset + 3 } : m)),
    );
    const { result, issues } = await scan(root);
    const [warning] = byCode(issues.issues, 'samm-lv.duration-mismatch');
    const s = find(result.samples, changed.filename);
    expect(warning).toMatchObject({ severity: 'warning', sample: s.id, row: s.source.row });
    expect(warning?.message).toContain(`${changed.filename}: Offset − Onset is`);
    expect((result.details.emotion_merge as Record<string, unknown>).duration_mismatches).toEqual([
      changed.filename,
    ]);
  });

  it('a micro row whose Filename the micro sheet lacks keeps a null emotion, warned; an empty merge is a warning', async () => {
    const root = path.join(base, 'missing-row');
    const made = await makeSammLv({ root });
    const gone = smallRows.find((r) => r.type !== 'Macro') as SammLvRow;
    await writeSammSheet(
      path.join(root, 'SAMM_Micro_FACS_Codes_v2.xlsx'),
      made.microRows.filter((m) => m.filename !== gone.filename),
    );
    const { result, issues } = await scan(root);
    expect(byCode(issues.issues, 'samm-lv.emotion-unmatched').map((i) => i.row)).toEqual([
      find(result.samples, gone.filename).source.row,
    ]);
    expect(find(result.samples, gone.filename).emotion).toBeNull();

    const other = path.join(base, 'empty-merge');
    await makeSammLv({ root: other });
    await writeSammSheet(
      path.join(other, 'SAMM_Micro_FACS_Codes_v2.xlsx'),
      made.microRows.map((m) => ({ ...m, filename: `${m.filename}9` })),
    );
    const empty = await scan(other);
    const [warning] = byCode(empty.issues.issues, 'samm-lv.emotion-merge-empty');
    expect(warning?.message).toMatch(/^0 of \d+ micro-expressions/);
    expect(empty.result.samples.every((s) => s.emotion === null)).toBe(true);
  });
});

describe('SAMM-LV without the micro sheet', () => {
  it('converts with null emotions and says why', async () => {
    const { result, issues } = await scan(withoutMicro);
    expect(result.samples).toHaveLength(smallRows.length);
    expect(result.samples.every((s) => s.emotion === null)).toBe(true);
    expect(byCode(issues.issues, 'samm-lv.no-micro-sheet')).toHaveLength(1);
    expect(result.details.emotion_merge).toBeNull();
    expect(result.sources[0]?.version).toBe(`samm-lv-v1 (${smallRows.length} rows)`);
  });

  it('reads the .xls form alike', async () => {
    const xls = path.join(base, 'xls');
    await makeSammLv({ root: xls, release: 'V3', xls: true });
    const a = await scan(withoutMicro);
    const c = await scan(xls);
    expect(c.result.samples.map((s) => [s.id, s.subject, s.onset, s.offset, s.kind])).toEqual(
      a.result.samples.map((s) => [s.id, s.subject, s.onset, s.offset, s.kind]),
    );
    expect(c.result.sources[0]?.file).toBe('SAMM_LongVideos_V3_Release.xls');
  });

  it('indexes into the long video from frame 1, with 4- or 5-digit padding per video', async () => {
    const { result } = await scan(withoutMicro);
    const pads = new Set(result.samples.map((s) => /_(\d+)\.jpg$/.exec(s.frames[0] as string)?.[1]));
    expect(pads).toEqual(new Set(['0001', '00001']));
    const r = smallRows.find(
      (x) => x.type === 'Macro' && Number.isInteger(x.onset) && x.onset > 0,
    ) as SammLvRow;
    const s = result.samples.find((x) => x.source.row === smallRows.indexOf(r) + 11) as SourceSample;
    expect(s.onset).toBe(r.onset - 1);
    const sameVideo = result.samples.filter((x) => x.extra.video === r.video);
    expect(new Set(sameVideo.map((x) => x.frames)).size).toBe(1);
  });

  it('keeps both intensities of the AU notation 12(B/C)', async () => {
    const { result, issues } = await scan(withoutMicro);
    const r = smallRows.find((x) => x.aus === '12(B/C)') as SammLvRow;
    const s = result.samples.find((x) => x.source.row === smallRows.indexOf(r) + 11) as SourceSample;
    expect(s.aus).toEqual([
      {
        au: 12,
        side: null,
        asymmetric: false,
        intensity: 'B',
        intensity_alt: 'C',
        uncertain: true,
        token: '12(B/C)',
      },
    ]);
    expect(byCode(issues.issues, 'aus.unparsed')).toEqual([]);
  });

  it('onset 0 is unknown: the range starts at the apex and source_frames keeps null', async () => {
    const { result, issues } = await scan(withoutMicro);
    const noOnset = smallRows.find((r) => r.onset === 0) as SammLvRow;
    const s = result.samples.find((x) => x.source.row === smallRows.indexOf(noOnset) + 11) as SourceSample;
    expect(s.source_frames).toEqual({ onset: null, apex: noOnset.apex, offset: noOnset.offset });
    expect(s.onset).toBe(s.apex);
    expect(byCode(issues.issues, 'samm-lv.onset-unknown').some((i) => i.sample === s.id)).toBe(true);
  });

  it('an offset past the last frame is clipped to the frames that exist and reported', async () => {
    const { result, issues } = await scan(withoutMicro);
    const warnings = byCode(issues.issues, 'samm-lv.offset-past-end');
    expect(warnings.map((w) => w.sample?.split('/')[1])).toEqual(['020_6', '036_7']);
    const s = result.samples.find((x) => x.id === warnings[0]?.sample) as SourceSample;
    expect(s.offset).toBe(s.frames.length - 1);
    expect(s.source_frames.offset).toBeGreaterThan(s.frames.length);
  });
});

describe('mergeEmotions', () => {
  const micro = (filename: string, onset: number, offset: number, emotion: string) =>
    ({ filename, onset, offset, emotion, row: 15 }) as SheetRow;
  const long = (filename: string, onset: number | null, offset: number | null, kind = 'micro') =>
    ({
      filename,
      video: filename.split('_').slice(0, 2).join('_'),
      onset,
      offset,
      apex: null,
      kind,
    }) as LongVideoRow;

  it('joins micro rows by Filename, whatever the frame numbering, and checks durations', () => {
    const a = long('006_1_2', 3562, 3600); // the micro sheet says 5562..5600 (docs/datasets.md §2.5.1)
    const b = long('006_1_3', 100, 140);
    const c = long('006_1_9', 100, 140);
    const macro = long('006_1_2', 10, 40, 'macro');
    const merge = mergeEmotions(
      [a, b, c, macro],
      [micro('006_1_2', 5562, 5600, 'Anger'), micro('006_1_3', 100, 141, 'Fear')],
    );
    expect(merge.matches.get(a)).toMatchObject({ frameShift: 2000, durationAgrees: true });
    expect(merge.matches.get(a)?.micro.emotion).toBe('Anger');
    expect(merge.matches.get(b)?.durationAgrees).toBe(false);
    expect(merge.durationMismatches.map((d) => d.row)).toEqual([b]);
    expect(merge.matches.has(macro)).toBe(false);
    expect(merge.unmatchedLongVideo).toEqual([c]);
    expect(merge.shifted).toBe(1);
  });
});
