import type { z } from 'zod';
import type { IssueLog } from '../issues/issues.js';
import type { SourceFingerprint } from '../schema/dataset.js';
import type { ActionUnit, ApexSource, DatasetId, Sample } from '../schema/sample.js';

/** How sure an adapter is that a folder holds its dataset (Datumaro's ladder). */
export type Confidence = 'high' | 'medium' | 'low' | 'none';
export const CONFIDENCE_RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1, none: 0 };

export interface Detection {
  adapter: DatasetId;
  confidence: Confidence;
  /** The dataset's own folder: the given root, or a folder inside it. */
  root: string | null;
  /** What matched: a sheet header, a folder pattern… */
  evidence: string[];
  /** Why the adapter does not apply, when confidence is `none`. */
  reason: string | null;
}

/**
 * Options as the caller gives them (convert's flags and `--option key=value`), before the chosen
 * adapter's `options` schema has checked them.
 */
export type ScanOptions = Readonly<Record<string, unknown>>;

/** What `scan` receives: the issue log and the options, typed by the adapter's schema once checked. */
export interface ScanContext<O = ScanOptions> {
  issues: IssueLog;
  options: O;
}

/**
 * A sample as an adapter sees it: every frame of the source clip (absolute paths, temporal
 * order) with onset/apex/offset as indices into that list. Labels are applied later by a profile.
 */
export interface SourceSample
  extends Omit<
    Sample,
    | 'frames'
    | 'frame_count'
    | 'label'
    | 'label_id'
    | 'label_profile'
    | 'video'
    | 'onset'
    | 'apex'
    | 'offset'
    | 'processing'
  > {
  frames: readonly string[];
  onset: number;
  apex: number | null;
  offset: number;
  /** When the frames live in a video rather than image files: absolute path and the clip's span in seconds. */
  video?: { path: string; start_time: number; end_time: number; frame_count: number } | null;
}

export interface ScanResult {
  /** The dataset folder that was scanned. */
  root: string;
  /** The frame layout read (e.g. `raw-selected`), or null for datasets with one layout. */
  layout: string | null;
  samples: SourceSample[];
  sources: SourceFingerprint[];
  /** Dataset-specific facts worth recording in dataset.json (sheet version, counts of left-out clips…). */
  details: Record<string, unknown>;
  /** Rows or clips that could not become samples because of an error (already in the issue log). */
  rejected: number;
  /** The dataset's own id and title when they come from a config rather than the adapter (`--format custom`). */
  dataset?: { id: DatasetId; title: string };
  /**
   * For sources that hold personal names (MMME): replaces every name by its pseudonym. Convert
   * passes everything it writes or prints (manifest, dataset.json, report, errors) through it.
   */
  redact?: (text: string) => string;
}

export interface Adapter {
  id: DatasetId;
  title: string;
  /**
   * Whose people were filmed: subjects are `<population>/<person>`. Datasets drawn from the same
   * recordings declare the same population (SAMM and SAMM-LV: `samm`; SMIC and SMIC-E: `smic`),
   * so one person is one subject across them (docs/datasets.md §2.1, §2.5, §3.1). Null: the
   * dataset's own id (the custom adapter, whose config may name a population).
   */
  population: string | null;
  /** Used only when named with `--format` (the custom adapter): detection is skipped, the given folder is the root. */
  explicitOnly?: boolean;
  /** The adapter's own options (zod, strict): which it reads and what each holds; `defineAdapter` checks them before `scan`. */
  options: z.ZodType<object>;
  /** What `--layout` accepts for this dataset (the list the adapter checks it against); absent: no choice. */
  layouts?: readonly string[];
  detect(root: string): Promise<Detection>;
  /** Reads the dataset; never writes. Problems go to `ctx.issues`. */
  scan(root: string, ctx: ScanContext): Promise<ScanResult>;
}

export type { ActionUnit, ApexSource };
