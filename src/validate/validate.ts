import { realpath } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { describeError } from '../issues/errors.js';
import { IssueLog } from '../issues/issues.js';
import { loadProfile } from '../labels/profile.js';
import { locateManifest, readDatasetInfo, readManifestLines } from '../manifest/read.js';
import type { DatasetInfo } from '../schema/dataset.js';
import type { Report } from '../schema/issue.js';
import type { Sample } from '../schema/sample.js';
import {
  checkFps,
  checkFrameOrder,
  checkIdSegments,
  checkIndices,
  checkLabel,
  checkSplits,
  checkUniqueId,
  type DeclaredProfile,
  type Where,
} from './checks.js';
import { checkFrame, checkVideo, type FrameRoot } from './frame-check.js';

export interface ValidationResult {
  manifest: string;
  samples: number;
  report: Report;
  ok: boolean;
}

export interface ValidateOptions {
  /** A label profile (name or JSON file) whose classes every label must belong to; else dataset.json's. */
  labels?: string | undefined;
  /** Check every frame's image bytes (default); false checks paths, containment and file type only. */
  images?: boolean | undefined;
  /** Called as samples finish their frame checks (first with 0 done), for a progress line. */
  onProgress?: ((p: ValidateProgress) => void) | undefined;
}

/** `done` of `total` samples fully checked, `frames` frame files checked so far. */
export interface ValidateProgress {
  done: number;
  total: number;
  frames: number;
}

/**
 * Checks a converted output or a hand-made manifest (JSONL or CSV): schema, unique ids, indices
 * in range, frames ordered, fps sane, labels in the declared profile, every frame a readable image
 * inside the dataset folder (symlinks resolved), and no subject in two declared splits.
 */
export async function validate(target: string, options: ValidateOptions = {}): Promise<ValidationResult> {
  const loc = await locateManifest(target);
  const issues = new IssueLog();
  const file = path.basename(loc.manifest);
  const info = await readInfo(loc.datasetJson, issues);
  const profile = await declaredProfile(options.labels, info, issues, file);
  const at = await frameRoot(loc.dir, info);
  const lines = await readManifestLines(loc.manifest);
  const seen = new Map<string, number>();
  const pseudonymised = info?.datasets.some((d) => d.details.paths_pseudonymised === true) ?? false;
  const limit = pLimit(16);
  const frameChecks: Promise<void>[] = [];
  const good: { sample: Sample; where: Where }[] = [];
  const progress = { done: 0, total: lines.filter((l) => l.sample).length, frames: 0 };
  const tell = options.onProgress ?? (() => {});
  tell({ ...progress });
  for (const { line, sample, problem } of lines) {
    if (!sample) {
      issues.error('manifest.invalid-line', problem ?? 'invalid', { file, row: line });
      continue;
    }
    const where = { sample: sample.id, file, row: line };
    good.push({ sample, where });
    checkUniqueId(sample, seen, issues, where);
    checkIdSegments(sample, issues, where);
    checkIndices(sample, issues, where);
    checkFps(sample, issues, where);
    checkFrameOrder(sample, issues, where);
    checkLabel(sample, profile, issues, where);
    const checks = sample.frames.map((f) =>
      limit(async () => {
        await checkFrame(f, at, issues, where, options.images ?? true);
        progress.frames++;
      }),
    );
    const video = sample.frames.length === 0 ? sample.video?.path : undefined;
    if (video) checks.push(limit(() => checkVideo(video, at, pseudonymised, issues, where)));
    frameChecks.push(
      Promise.all(checks).then(() => {
        progress.done++;
        tell({ ...progress });
      }),
    );
  }
  await Promise.all(frameChecks);
  checkSplits(good, issues);
  const report = issues.toReport();
  return { manifest: loc.manifest, samples: good.length, report, ok: report.counts.error === 0 };
}

async function readInfo(datasetJson: string | null, issues: IssueLog): Promise<DatasetInfo | null> {
  if (!datasetJson) return null;
  try {
    return await readDatasetInfo(datasetJson);
  } catch (err) {
    issues.error('dataset.invalid', describeError(err), { file: 'dataset.json' });
    return null;
  }
}

async function declaredProfile(
  labels: string | undefined,
  info: DatasetInfo | null,
  issues: IssueLog,
  file: string,
): Promise<DeclaredProfile | null> {
  if (labels) {
    const p = await loadProfile(labels);
    return { name: p.name, classes: p.classes, from: '--labels' };
  }
  if (info) return { ...info.label_profile, from: 'dataset.json' };
  issues.info(
    'label.unchecked',
    'labels not checked: no dataset.json beside the manifest and no --labels <profile>',
    { file },
  );
  return null;
}

/** Frames must stay in dataset.json's frames root, or else in the manifest's own folder. */
async function frameRoot(base: string, info: DatasetInfo | null): Promise<FrameRoot> {
  const root = path.resolve(base, info?.frames.root ?? '.');
  const realRoot = await realpath(root).catch(() => root);
  return { base, root, realRoot };
}
