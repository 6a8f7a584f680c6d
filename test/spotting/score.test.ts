import { describe, expect, it } from 'vitest';
import type { SpotInterval, SpotKind } from '../../src/spotting/ground-truth.js';
import { iou, spotted } from '../../src/spotting/iou.js';
import { matchIntervals } from '../../src/spotting/match.js';
import type { Prediction } from '../../src/spotting/predictions.js';
import { scoreSpots } from '../../src/spotting/score.js';

const truth = (
  video: string,
  onset: number,
  offset: number,
  kind: SpotKind = 'micro',
  dataset = 'samm-lv',
): SpotInterval => ({
  dataset,
  video,
  onset,
  offset,
  apex: null,
  kind,
  sample: `${dataset}/${video}/${onset}`,
  sheet: null,
  row: null,
});
let nextLine = 2;
const pred = (
  video: string,
  onset: number,
  offset: number,
  kind: SpotKind = 'micro',
  dataset = 'samm-lv',
): Prediction => ({
  line: nextLine++,
  dataset,
  video,
  onset,
  offset,
  kind,
});

describe('IoU with frames counted inclusively (docs/datasets-more.md §6.2)', () => {
  it('counts both ends: [1,10] and [6,15] share 5 of 15 frames', () => {
    expect(iou({ onset: 1, offset: 10 }, { onset: 6, offset: 15 })).toBeCloseTo(5 / 15, 12);
  });
  it('gives disjoint and adjacent intervals 0 (not the baseline’s one shared frame)', () => {
    expect(iou({ onset: 1, offset: 5 }, { onset: 7, offset: 9 })).toBe(0);
    expect(iou({ onset: 1, offset: 5 }, { onset: 6, offset: 10 })).toBe(0);
  });
  it('treats a zero-length interval (onset = offset) as one frame', () => {
    expect(iou({ onset: 5, offset: 5 }, { onset: 5, offset: 5 })).toBe(1);
    expect(iou({ onset: 5, offset: 5 }, { onset: 5, offset: 6 })).toBe(0.5);
    expect(iou({ onset: 5, offset: 5 }, { onset: 6, offset: 6 })).toBe(0);
  });
  it('counts IoU exactly 0.5 as spotted, just under as not', () => {
    expect(spotted({ onset: 1, offset: 5 }, { onset: 1, offset: 10 })).toBe(true); // 5/10
    expect(spotted({ onset: 1, offset: 4 }, { onset: 1, offset: 10 })).toBe(false); // 4/10
    expect(spotted({ onset: 5, offset: 5 }, { onset: 5, offset: 6 })).toBe(true); // 1/2
  });
});

describe('matching: each ground-truth interval counted once', () => {
  it('credits one of two predictions for one interval; the other is FP', () => {
    const s = scoreSpots([truth('006_1', 100, 120)], [pred('006_1', 100, 120), pred('006_1', 101, 121)]);
    expect(s.datasets[0]?.micro).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(s.pairings.map((p) => p.result).sort()).toEqual(['FP', 'TP']);
  });
  it('credits one prediction spanning two intervals (IoU 0.5 with each) with one of them', () => {
    const s = scoreSpots([truth('006_1', 1, 5), truth('006_1', 6, 10)], [pred('006_1', 1, 10)]);
    expect(s.datasets[0]?.micro).toMatchObject({ tp: 1, fp: 0, fn: 1 });
    expect(s.datasets[0]?.ambiguous_predictions).toBe(1);
  });
  it('finds the pairing that credits most intervals, not the greedy best-IoU one', () => {
    // p0 = 2..11 hits t0 = 1..10 (IoU 9/11) and t1 = 4..13 (8/12); p1 = 1..6 hits only t0 (6/10):
    // greedy best-IoU-first gives p0→t0 and leaves t1 unfound; the most pairs is p0→t1, p1→t0
    const m = matchIntervals(
      [
        { onset: 1, offset: 10 },
        { onset: 4, offset: 13 },
      ],
      [
        { onset: 2, offset: 11 },
        { onset: 1, offset: 6 },
      ],
    );
    expect(m.truthTo).toEqual([1, 0]);
  });
  it('scores micro against micro and macro against macro only', () => {
    const s = scoreSpots([truth('006_1', 10, 40, 'macro')], [pred('006_1', 10, 40, 'micro')]);
    expect(s.datasets[0]?.macro).toMatchObject({ tp: 0, fp: 0, fn: 1 });
    expect(s.datasets[0]?.micro).toMatchObject({ tp: 0, fp: 1, fn: 0 });
  });
  it('never pairs intervals of different videos', () => {
    const s = scoreSpots([truth('006_1', 10, 40)], [pred('006_2', 10, 40)]);
    expect(s.datasets[0]?.micro).toMatchObject({ tp: 0, fp: 1, fn: 1 });
  });
});

describe('precision, recall and F1 per type and pooled, per dataset', () => {
  it('reproduces hand-computed values', () => {
    const truths = [
      // micro: 2 intervals
      truth('006_1', 100, 120),
      truth('006_1', 300, 310),
      // macro: 4 intervals
      truth('006_1', 1000, 1100, 'macro'),
      truth('006_1', 2000, 2100, 'macro'),
      truth('007_6', 50, 90, 'macro'),
      truth('007_6', 500, 900, 'macro'),
      // another dataset, scored apart
      truth('s1_ne_01', 10, 20, 'micro', 'smic-e'),
    ];
    const predictions = [
      pred('006_1', 105, 122), // IoU 16/23 with 100..120: TP
      pred('006_1', 400, 420), // FP
      pred('006_1', 290, 296), // disjoint with 300..310: FP
      pred('006_1', 1000, 1050, 'macro'), // IoU 51/101 ≥ 0.5: TP
      pred('007_6', 50, 70, 'macro'), // IoU 21/41 ≥ 0.5: TP
      pred('s1_ne_01', 10, 20, 'micro', 'smic-e'),
    ];
    const s = scoreSpots(truths, predictions);
    const samm = s.datasets.find((d) => d.dataset === 'samm-lv');
    // micro: TP 1, FP 2, FN 1 → P 1/3, R 1/2, F1 = 2·(1/6)/(5/6) = 0.4
    expect(samm?.micro).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(samm?.micro.precision).toBeCloseTo(1 / 3, 12);
    expect(samm?.micro.recall).toBeCloseTo(0.5, 12);
    expect(samm?.micro.f1).toBeCloseTo(0.4, 12);
    // macro: TP 2, FP 0, FN 2 → P 1, R 1/2, F1 2/3
    expect(samm?.macro).toMatchObject({ tp: 2, fp: 0, fn: 2, precision: 1, recall: 0.5 });
    expect(samm?.macro.f1).toBeCloseTo(2 / 3, 12);
    // overall from pooled counts: TP 3, FP 2, FN 3 → P 0.6, R 0.5, F1 6/11 (the mean of the F1s would be 0.5333)
    expect(samm?.overall).toMatchObject({ tp: 3, fp: 2, fn: 3 });
    expect(samm?.overall.f1).toBeCloseTo(6 / 11, 12);
    const smic = s.datasets.find((d) => d.dataset === 'smic-e');
    expect(smic?.overall).toMatchObject({ tp: 1, fp: 0, fn: 0, f1: 1 });
    expect(s.pairings.filter((p) => p.dataset === 'samm-lv')).toHaveLength(3 + 2 + 3); // TP+FP+FN lines
  });
  it('gives F1 0 when nothing is found and null when a type has neither truth nor prediction', () => {
    const s = scoreSpots([truth('006_1', 10, 20)], [pred('006_1', 30, 40)]);
    expect(s.datasets[0]?.micro).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(s.datasets[0]?.macro).toMatchObject({ truths: 0, predictions: 0, f1: null });
  });
});
