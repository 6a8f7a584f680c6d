import path from 'node:path';
import pLimit from 'p-limit';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';
import { probeVideo, type VideoInfo } from '../../sources/video.js';
import type { SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { findSequence, findVideo, type Where } from './find-media.js';
import { type Kind, kindByRule } from './kind.js';
import { type MediaIndex, NOMINAL_FPS, type TifSequence } from './media.js';
import type { Pseudonyms } from './pseudonyms.js';
import type { MmmeRow } from './sheet.js';
import { tifSample } from './tif-frames.js';

/** One sheet row to convert: its sample id and kind, decided before any media is read. */
export interface Job {
  row: MmmeRow;
  subject: string;
  pseudonym: string;
  clip: string;
  id: string;
  kind: Kind;
}

export interface Plan {
  jobs: Job[];
  kindCounts: Record<Kind, number>;
  /** Rows with a Macro/Micro value, and how many of them the duration rule agrees with. */
  ruleCompared: number;
  ruleAgrees: number;
}

/** A converted row, with the media it came from. */
export interface Built {
  sample: SourceSample;
  media: string;
  source: 'video' | 'tif';
}

/** What the rows used of the media under the root (for the end-of-scan report). */
export class MediaTally {
  readonly usedVideos = new Set<string>();
  readonly usedSequences = new Set<TifSequence>();
  pathsWithNames = 0;
  readonly fpsSeen = new Map<number, number>();
}

/** What building a sample needs besides its job. */
export interface SampleContext {
  root: string;
  media: MediaIndex;
  layout: 'auto' | 'tif' | 'video';
  pseudonyms: Pseudonyms;
  issues: IssueLog;
  displaySheet: string;
  sheetName: string;
  redact: (text: string) => string;
  rel: (abs: string) => string;
  probe: (file: string) => Promise<VideoInfo | Error>;
  tally: MediaTally;
}

/** `probeVideo`, at most four at a time, once per file. */
export function makeProber(): (file: string) => Promise<VideoInfo | Error> {
  const probes = new Map<string, Promise<VideoInfo | Error>>();
  const probeLimit = pLimit(4);
  return (file: string) => {
    let p = probes.get(file);
    if (!p) {
      p = probeLimit(() =>
        probeVideo(file).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      );
      probes.set(file, p);
    }
    return p;
  };
}

export function planSamples(
  rows: readonly MmmeRow[],
  pseudonyms: Pseudonyms,
  issues: IssueLog,
  displaySheet: string,
): Plan {
  // sample ids: mmme/<pseudonym>/<emotion>_<stimulus>_<marker>_<onset time> (no name, no date)
  const idCount = new Map<string, number>();
  const plan: Plan = { jobs: [], kindCounts: { micro: 0, macro: 0 }, ruleCompared: 0, ruleAgrees: 0 };
  plan.jobs = rows.map((row) => {
    const pseudonym = pseudonyms.of(row.name) as string;
    const subject = `mmme/${pseudonym}`;
    const emotionPart = (row.trial?.emotion ?? row.emotion ?? 'unknown')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    const clipBase = `${emotionPart}_${row.trial?.stimulus ?? 'x'}_${row.marker}_${row.onsetText}`;
    const baseId = `${subject}/${clipBase}`;
    const n = (idCount.get(baseId) ?? 0) + 1;
    idCount.set(baseId, n);
    const clip = n === 1 ? clipBase : `${clipBase}_${n}`;
    if (n > 1)
      issues.warn(
        'mmme.duplicate-onset',
        `a second annotation of this trial starts at the same OnsetTime ${row.onsetText} s; kept as ${clip}`,
        { sample: `${subject}/${clip}`, file: displaySheet, row: row.row },
      );
    let kind: Kind;
    const ruled = kindByRule(row.onsetTime, row.apexTime, row.offsetTime);
    if (row.kind) {
      kind = row.kind;
      plan.ruleCompared++;
      if (ruled === row.kind) plan.ruleAgrees++;
    } else kind = ruled;
    plan.kindCounts[kind]++;
    return { row, subject, pseudonym, clip, id: `${subject}/${clip}`, kind };
  });
  return plan;
}

/** The sample of one row, from its trial's .tif frames or its video; null when it cannot be built (issue logged). */
export async function buildSample(job: Job, ctx: SampleContext): Promise<Built | null> {
  const { row, id } = job;
  const { media, layout, issues, redact } = ctx;
  const where = { sample: id, file: ctx.displaySheet, row: row.row };
  const sequence = layout === 'video' ? null : findSequence(media, row, ctx.pseudonyms, issues, where);
  const video = layout === 'tif' || sequence ? null : findVideo(media, row, ctx.root, issues, where, ctx.rel);
  if (!sequence && !video) {
    const wanted =
      layout === 'tif'
        ? `.tif frames of marker ${row.marker}${row.trial ? ` recorded on ${row.trial.date}` : ''} covering OnsetFrame ${row.onsetClock?.text ?? '(none)'}`
        : layout === 'video'
          ? `the trial video named in Filename (${redact(row.filename)})`
          : `the trial video named in Filename (${redact(row.filename)}) or .tif frames of marker ${row.marker} covering OnsetFrame ${row.onsetClock?.text ?? '(none)'}`;
    issues.error(
      'mmme.media-missing',
      `no media found for this row under the root; expected ${wanted}`,
      where,
    );
    return null;
  }
  const common = {
    id,
    dataset: 'mmme',
    subset: null,
    subject: job.subject,
    event: null,
    clip: job.clip,
    kind: job.kind,
    emotion: row.emotion,
    ...ausOf(row, issues, where),
  };
  if (sequence) return tifBuilt(row, sequence, common, where, ctx);
  return videoBuilt(row, video as string, common, where, ctx);
}

type Common = Pick<
  SourceSample,
  'id' | 'dataset' | 'subset' | 'subject' | 'event' | 'clip' | 'kind' | 'emotion' | 'aus' | 'aus_raw'
>;

function tifBuilt(
  row: MmmeRow,
  sequence: TifSequence,
  common: Common,
  where: Where,
  ctx: SampleContext,
): Built | null {
  const s = tifSample(row, sequence, ctx.issues, where);
  if (!s) return null;
  ctx.tally.usedSequences.add(sequence);
  const dir = ctx.rel(sequence.dir);
  if (dir !== relativePosix(ctx.root, sequence.dir)) ctx.tally.pathsWithNames++;
  return {
    source: 'tif',
    media: sequence.dir,
    sample: {
      ...common,
      fps: NOMINAL_FPS,
      frames: sequence.paths,
      onset: s.onset,
      apex: s.apex,
      offset: s.offset,
      source_frames: s.sourceFrames,
      apex_source: s.apex === null ? 'missing' : 'annotated',
      source: { directory: dir, sheet: ctx.displaySheet, sheet_name: ctx.sheetName, row: row.row },
      extra: extraOf(row, 'tif'),
    },
  };
}

async function videoBuilt(
  row: MmmeRow,
  file: string,
  common: Common,
  where: Where,
  ctx: SampleContext,
): Promise<Built | null> {
  const { issues, rel, tally } = ctx;
  const info = await ctx.probe(file);
  if (info instanceof Error) {
    issues.error('mmme.video-unreadable', ctx.redact(info.message.replace(file, rel(file))), where);
    return null;
  }
  tally.fpsSeen.set(info.fps, (tally.fpsSeen.get(info.fps) ?? 0) + 1);
  tally.usedVideos.add(file);
  if (rel(file) !== relativePosix(ctx.root, file)) tally.pathsWithNames++;
  // Onset/Apex/OffsetTime are seconds from the start of the trial video (docs/datasets.md §4.2 D–F)
  const first = Math.round(row.onsetTime * info.fps);
  const last = Math.round(row.offsetTime * info.fps);
  const apex = row.apexTime === null ? null : Math.round(row.apexTime * info.fps);
  if (last > info.frames - 1) {
    issues.error(
      'mmme.video-too-short',
      `OffsetTime ${row.offsetTime} s is frame ${last} at ${info.fps} fps, but ${rel(file)} has ${info.frames} frames (${info.duration.toFixed(2)} s); expected the video to cover the annotation`,
      where,
    );
    return null;
  }
  const count = last - first + 1;
  return {
    source: 'video',
    media: file,
    sample: {
      ...common,
      fps: info.fps,
      frames: [],
      video: { path: file, start_time: row.onsetTime, end_time: row.offsetTime, frame_count: count },
      onset: 0,
      apex: apex === null ? null : Math.min(Math.max(apex - first, 0), count - 1),
      offset: count - 1,
      source_frames: { onset: first, apex, offset: last },
      apex_source: apex === null ? 'missing' : 'annotated',
      source: {
        directory: rel(path.dirname(file)),
        sheet: ctx.displaySheet,
        sheet_name: ctx.sheetName,
        row: row.row,
      },
      extra: extraOf(row, 'video'),
    },
  };
}

function ausOf(
  row: MmmeRow,
  issues: IssueLog,
  where: Where,
): { aus: SourceSample['aus']; aus_raw: string | null } {
  return actionUnitsOf(row.ausCell, issues, where);
}

function extraOf(row: MmmeRow, source: 'video' | 'tif'): Record<string, unknown> {
  return {
    marker: row.marker,
    stimulus: row.trial?.stimulus ?? null,
    recording_date: row.trial
      ? `${row.trial.date.slice(0, 4)}-${row.trial.date.slice(4, 6)}-${row.trial.date.slice(6)}`
      : null,
    times: { onset: row.onsetTime, apex: row.apexTime, offset: row.offsetTime },
    clock: {
      onset: row.onsetClock?.text ?? null,
      apex: row.apexClock?.text ?? null,
      offset: row.offsetClock?.text ?? null,
    },
    kind_source: row.kind ? 'sheet' : 'rule',
    kind_by_rule: kindByRule(row.onsetTime, row.apexTime, row.offsetTime),
    media: source,
    annotated: row.annotated,
    dif: row.dif,
  };
}
