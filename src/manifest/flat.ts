import type { Sample } from '../schema/sample.js';

/**
 * One sample as a flat table row, for manifest.csv and manifest.parquet (pandas, PyTorch): nested
 * fields become columns (`source_*`, `video_*`), the onset/apex/offset frame paths are spelled out
 * (what most training code loads), and `aus`/`extra` stay JSON text. `frames` is a list in Parquet
 * and JSON text in CSV.
 */
export interface FlatSample {
  id: string;
  dataset: string;
  subset: string | null;
  subject: string;
  clip: string;
  kind: string;
  fps: number;
  frame_count: number;
  onset: number;
  apex: number | null;
  offset: number;
  onset_path: string | null;
  apex_path: string | null;
  offset_path: string | null;
  source_onset: number | null;
  source_apex: number | null;
  source_offset: number | null;
  apex_source: string;
  emotion: string | null;
  label: string | null;
  label_id: number | null;
  label_profile: string;
  aus_raw: string | null;
  aus: string;
  source_directory: string | null;
  source_sheet: string | null;
  source_sheet_name: string | null;
  source_row: number | null;
  video_path: string | null;
  video_start_time: number | null;
  video_end_time: number | null;
  extra: string;
  frames: string[];
}

export type ColumnType = 'string' | 'int' | 'double' | 'list';

/** Column order and types of the flat manifests (the Parquet schema follows it). */
export const FLAT_COLUMNS: readonly (readonly [keyof FlatSample, ColumnType, boolean])[] = [
  // name, type, nullable
  ['id', 'string', false],
  ['dataset', 'string', false],
  ['subset', 'string', true],
  ['subject', 'string', false],
  ['clip', 'string', false],
  ['kind', 'string', false],
  ['fps', 'double', false],
  ['frame_count', 'int', false],
  ['onset', 'int', false],
  ['apex', 'int', true],
  ['offset', 'int', false],
  ['onset_path', 'string', true],
  ['apex_path', 'string', true],
  ['offset_path', 'string', true],
  ['source_onset', 'double', true],
  ['source_apex', 'double', true],
  ['source_offset', 'double', true],
  ['apex_source', 'string', false],
  ['emotion', 'string', true],
  ['label', 'string', true],
  ['label_id', 'int', true],
  ['label_profile', 'string', false],
  ['aus_raw', 'string', true],
  ['aus', 'string', false],
  ['source_directory', 'string', true],
  ['source_sheet', 'string', true],
  ['source_sheet_name', 'string', true],
  ['source_row', 'int', true],
  ['video_path', 'string', true],
  ['video_start_time', 'double', true],
  ['video_end_time', 'double', true],
  ['extra', 'string', false],
  ['frames', 'list', false],
];

export function flatten(s: Sample): FlatSample {
  const at = (i: number | null) => (i === null ? null : (s.frames[i] ?? null));
  return {
    id: s.id,
    dataset: s.dataset,
    subset: s.subset,
    subject: s.subject,
    clip: s.clip,
    kind: s.kind,
    fps: s.fps,
    frame_count: s.frame_count,
    onset: s.onset,
    apex: s.apex,
    offset: s.offset,
    onset_path: at(s.onset),
    apex_path: at(s.apex),
    offset_path: at(s.offset),
    source_onset: s.source_frames.onset,
    source_apex: s.source_frames.apex,
    source_offset: s.source_frames.offset,
    apex_source: s.apex_source,
    emotion: s.emotion,
    label: s.label,
    label_id: s.label_id,
    label_profile: s.label_profile,
    aus_raw: s.aus_raw,
    aus: JSON.stringify(s.aus),
    source_directory: s.source.directory,
    source_sheet: s.source.sheet,
    source_sheet_name: s.source.sheet_name,
    source_row: s.source.row,
    video_path: s.video?.path ?? null,
    video_start_time: s.video?.start_time ?? null,
    video_end_time: s.video?.end_time ?? null,
    extra: JSON.stringify(s.extra),
    frames: s.frames,
  };
}
