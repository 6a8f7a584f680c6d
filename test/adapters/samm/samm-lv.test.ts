import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SourceSample } from '../../../src/adapters/adapter.js';
import type { LongVideoRow } from '../../../src/adapters/samm/lv-sheet.js';
import { mergeEmotions } from '../../../src/adapters/samm/merge.js';
import type { SammRow as SheetRow } from '../../../src/adapters/samm/sheet.js';
import { scan } from '../../../src/convert/scan.js';
import { sammRows, writeSammSheet } from '../../../src/fixtures/samm.js';
import { makeSammLv, type SammLvRow } from '../../../src/fixtures/samm-lv.js';
import type { Issue } from '../../../src/schema/issue.js';
import { SampleSchema } from '../../../src/schema/sample.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

let base: string;
let withMicro: string;
let withoutMicro: string;
let lvRows: SammLvRow[];

beforeAll(async () => {
  base = await tempDir('me-unify-samm-lv-');
  withMicro = path.join(base, 'with-micro');
  withoutMicro = path.join(base, 'without-micro');
  lvRows = (await makeSammLv({ root: withMicro, release: 'V3', microSheet: true })).rows;
  await makeSammLv({ root: withoutMicro, release: 'V1' });
}, 60_000);

const byCode = (issues: readonly Issue[], code: string) => issues.filter((i) => i.code === code);
const find = (samples: readonly SourceSample[], clip: string) =>
  samples.find((s) => s.clip === clip) as SourceSample;
const lvRow = (pred: (r: SammLvRow) => boolean) => lvRows.find(pred) as SammLvRow;

describe('SAMM-LV with the micro sheet beside it', () => {
  it('converts every movement with kind from Type, merges the micro emotions, and validates', async () => {
    const out = path.join(base, 'out-with');
    const converted = await runCli([
      'convert',
      withMicro,
      '-o',
      out,
      '--labels',
      'megc2019',
      '--frames',
      'none',
    ]);
    expect(converted.code).toBe(0);
    const samples = (await readFile(path.join(out, 'manifest.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => SampleSchema.parse(JSON.parse(l)));
    expect(samples).toHaveLength(lvRows.length);
    for (const r of lvRows) {
      const s = samples.find((x) => x.clip === r.filename);
      expect(s?.kind).toBe(r.type === 'Macro' ? 'macro' : 'micro');
      expect(s?.id).toBe(`samm-lv/${r.video}/${r.filename}`);
    }
    expect(samples.filter((s) => s.kind === 'macro').every((s) => s.emotion === null)).toBe(true);
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('takes the emotion from the micro sheet by video and frame overlap, and reports how many matched', async () => {
    const { result, issues } = await scan(withMicro);
    const micro = new Map(sammRows().map((r) => [r.filename, r]));
    const matchable = lvRows.filter((r) => r.micro !== null);
    for (const r of matchable) {
      const s = find(result.samples, r.filename);
      expect(s.emotion).toBe(micro.get(r.micro as string)?.emotion);
      expect(s.extra.emotion_from).toMatchObject({
        filename: r.micro,
        same_filename: r.micro === r.filename,
      });
    }
    // the long-video Filename counts macro movements too, so most do not share the micro Filename
    expect(matchable.some((r) => r.micro !== r.filename)).toBe(true);
    const merge = result.details.emotion_merge as Record<string, unknown>;
    expect(merge.matched).toBe(matchable.length);
    expect(merge.micro_rows_in_long_video_sheet).toBe(lvRows.filter((r) => r.type !== 'Macro').length);
    const [summary] = byCode(issues.issues, 'samm-lv.emotion-merge');
    expect(summary?.message).toMatch(
      new RegExp(`^${matchable.length} of ${matchable.length + 1} micro-expressions`),
    );
    const unmatched = byCode(issues.issues, 'samm-lv.emotion-unmatched');
    expect(unmatched).toHaveLength(1);
    const lonely = lvRow((r) => r.type !== 'Macro' && r.micro === null);
    expect(unmatched[0]).toMatchObject({ sample: `samm-lv/011_2/${lonely.filename}`, severity: 'warning' });
    expect(find(result.samples, lonely.filename).emotion).toBeNull();
    expect(result.sources.map((s) => s.file)).toEqual([
      'SAMM_LongVideos_V3_Release.xlsx',
      'SAMM_Micro_FACS_Codes_v2.xlsx',
    ]);
  });

  it('an empty merge is a clear warning, never silent', async () => {
    const root = path.join(base, 'empty-merge');
    await makeSammLv({ root, release: 'V2' });
    // a micro sheet from another release: same clips, frame numbers that match nothing here
    const shifted = sammRows().map((r) => ({
      ...r,
      onset: r.onset + 50000,
      apex: r.apex + 50000,
      offset: r.offset + 50000,
    }));
    await writeSammSheet(path.join(root, 'SAMM_Micro_FACS_Codes_v2.xlsx'), shifted);
    const { result, issues } = await scan(root);
    const [warning] = byCode(issues.issues, 'samm-lv.emotion-merge-empty');
    expect(warning?.severity).toBe('warning');
    expect(warning?.message).toMatch(/^0 of \d+ micro-expressions/);
    expect(warning?.file).toBe('SAMM_Micro_FACS_Codes_v2.xlsx');
    expect(result.samples.every((s) => s.emotion === null)).toBe(true);
  });
});

describe('SAMM-LV without the micro sheet', () => {
  it('converts with null emotions and says why', async () => {
    const { result, issues } = await scan(withoutMicro);
    expect(result.samples).toHaveLength(lvRows.length);
    expect(result.samples.every((s) => s.emotion === null)).toBe(true);
    expect(byCode(issues.issues, 'samm-lv.no-micro-sheet')).toHaveLength(1);
    expect(result.details.emotion_merge).toBeNull();
    expect(result.sources[0]?.version).toBe(`samm-lv-v1 (${lvRows.length} rows)`);
  });
});

describe('SAMM-LV sheet and frame quirks (datasets.md §2.5)', () => {
  it('reads V1 (Subject as number, header on row 10), V2 (header on row 11) and V3 .xls alike', async () => {
    const v2 = path.join(base, 'v2');
    const xls = path.join(base, 'xls');
    await makeSammLv({ root: v2, release: 'V2' });
    await makeSammLv({ root: xls, release: 'V3', xls: true });
    const a = await scan(withoutMicro);
    const b = await scan(v2);
    const c = await scan(xls);
    expect(a.result.samples[0]?.source.row).toBe(11);
    expect(b.result.samples[0]?.source.row).toBe(12);
    for (const other of [b, c]) {
      expect(other.result.samples.map((s) => [s.id, s.subject, s.onset, s.offset, s.kind])).toEqual(
        a.result.samples.map((s) => [s.id, s.subject, s.onset, s.offset, s.kind]),
      );
    }
    expect(c.result.sources[0]?.file).toBe('SAMM_LongVideos_V3_Release.xls');
  });

  it('indexes into the long video from frame 1, with 4- or 5-digit padding per video', async () => {
    const { result } = await scan(withoutMicro);
    const macro = find(result.samples, lvRow((r) => r.video === '011_2' && r.type === 'Macro').filename);
    expect(path.basename(macro.frames[0] as string)).toBe('011_2_00001.jpg');
    expect(macro.onset).toBe(9); // frame 10
    expect(macro.offset).toBe(39);
    const other = find(result.samples, lvRow((r) => r.video === '020_6').filename);
    expect(path.basename(other.frames[0] as string)).toBe('020_6_0001.jpg');
    // every sample of a video shares one frame list
    const sameVideo = result.samples.filter((s) => s.extra.video === '011_2');
    expect(new Set(sameVideo.map((s) => s.frames)).size).toBe(1);
  });

  it('onset or offset 0 is unknown: the range starts/ends at the apex and source_frames keeps null', async () => {
    const { result, issues } = await scan(withoutMicro);
    const noOnset = lvRow((r) => r.onset === 0);
    const s = find(result.samples, noOnset.filename);
    expect(s.source_frames).toEqual({ onset: null, apex: noOnset.apex, offset: noOnset.offset });
    expect(s.onset).toBe(s.apex);
    expect(s.frames[s.onset]).toMatch(new RegExp(`_0*${noOnset.apex}\\.jpg$`));
    const noOffset = lvRow((r) => r.offset === 0);
    const t = find(result.samples, noOffset.filename);
    expect(t.source_frames.offset).toBeNull();
    expect(t.offset).toBe(t.apex);
    expect(byCode(issues.issues, 'samm-lv.onset-unknown')[0]?.sample).toBe(s.id);
    expect(byCode(issues.issues, 'samm-lv.offset-unknown')[0]?.sample).toBe(t.id);
  });

  it('an offset past the last frame is clipped to the frames that exist and reported', async () => {
    const { result, issues } = await scan(withoutMicro);
    const warnings = byCode(issues.issues, 'samm-lv.offset-past-end');
    expect(warnings.map((w) => w.sample?.split('/')[1])).toEqual(['020_6', '036_7']);
    const past = lvRow((r) => r.video === '020_6' && r.offset === 176);
    const s = find(result.samples, past.filename);
    expect(s.offset).toBe(s.frames.length - 1);
    expect(s.source_frames.offset).toBe(176);
    expect(warnings[0]?.message).toContain(
      'Offset 176 is past the last frame of SAMM_longvideos/020_6/ (101)',
    );
  });

  it('reads float frame numbers; a fractional one is rounded for the index and kept in source_frames', async () => {
    const { result, issues } = await scan(withMicro);
    const [warning] = byCode(issues.issues, 'samm-lv.fractional-frame');
    const s = result.samples.find((x) => x.id === warning?.sample) as SourceSample;
    expect(s.source_frames.apex).toBe((lvRows[3] as SammLvRow).apex + 0.5);
    expect(s.frames[s.apex as number]).toMatch(
      new RegExp(`_0*${Math.round((lvRows[3] as SammLvRow).apex + 0.5)}\\.jpg$`),
    );
  });
});

describe('mergeEmotions', () => {
  const micro = (filename: string, onset: number, offset: number, emotion: string) =>
    ({
      filename,
      subject: filename.slice(0, 3),
      onset,
      offset,
      emotion,
      inducement: Number(filename.split('_')[1]),
    }) as SheetRow;
  const long = (filename: string, onset: number | null, offset: number | null, apex: number | null = null) =>
    ({
      filename,
      video: filename.split('_').slice(0, 2).join('_'),
      onset,
      offset,
      apex,
      kind: 'micro',
    }) as LongVideoRow;

  it('matches on frames within the same video, best overlap first, each micro row once', () => {
    const a = long('006_1_5', 100, 140);
    const b = long('006_1_6', 130, 160);
    const c = long('007_1_1', 100, 140); // same frames, other video
    const m1 = micro('006_1_2', 101, 139, 'Anger');
    const m2 = micro('006_1_3', 131, 161, 'Fear');
    const merge = mergeEmotions([a, b, c], [m1, m2]);
    expect(merge.matches.get(a)?.micro.emotion).toBe('Anger');
    expect(merge.matches.get(b)?.micro.emotion).toBe('Fear');
    expect(merge.unmatchedLongVideo).toEqual([c]);
    expect(merge.sameFilename).toBe(0);
  });

  it('uses the apex where the onset or offset is unknown', () => {
    const a = long('006_1_1', null, 140, 120);
    const merge = mergeEmotions([a], [micro('006_1_1', 118, 125, 'Happiness')]);
    expect(merge.matches.get(a)).toMatchObject({ sameFilename: true });
  });
});
