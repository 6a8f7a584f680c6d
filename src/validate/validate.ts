import { stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { locateManifest, readDatasetInfo, readManifestLines } from '../manifest/read.js';
import { IssueLog } from '../report/issues.js';
import type { DatasetInfo } from '../schema/dataset.js';
import type { Report } from '../schema/issue.js';
import type { Sample } from '../schema/sample.js';
import { isInside } from '../sources/fs.js';

export interface ValidationResult {
  manifest: string;
  samples: number;
  report: Report;
  ok: boolean;
}

/**
 * Checks a converted output or a hand-made manifest: schema, unique ids, indices in range, apex
 * inside [onset, offset], frames present and inside the frames root.
 */
export async function validate(target: string): Promise<ValidationResult> {
  const loc = await locateManifest(target);
  const issues = new IssueLog();
  const file = path.basename(loc.manifest);
  let info: DatasetInfo | null = null;
  if (loc.datasetJson) {
    try {
      info = await readDatasetInfo(loc.datasetJson);
    } catch (err) {
      issues.error('dataset.invalid', err instanceof Error ? err.message : String(err), {
        file: 'dataset.json',
      });
    }
  }
  const framesRoot = path.resolve(loc.dir, info?.frames.root ?? '.');
  const classes = info?.label_profile.classes ?? null;
  const lines = await readManifestLines(loc.manifest);
  const seen = new Map<string, number>();
  const limit = pLimit(32);
  const checks: Promise<void>[] = [];
  let count = 0;
  for (const { line, sample, problem } of lines) {
    if (!sample) {
      issues.error('manifest.invalid-line', problem ?? 'invalid', { file, row: line });
      continue;
    }
    count++;
    const where = { sample: sample.id, file, row: line };
    const first = seen.get(sample.id);
    if (first !== undefined)
      issues.error(
        'manifest.duplicate-id',
        `id '${sample.id}' already used on line ${first}; expected unique ids`,
        where,
      );
    else seen.set(sample.id, line);
    checkIndices(sample, issues, where);
    if (classes && sample.label !== null && !classes.includes(sample.label)) {
      issues.error(
        'label.not-in-profile',
        `label '${sample.label}' is not a class of profile '${info?.label_profile.name}' (${classes.join(', ')})`,
        where,
      );
    }
    checks.push(...sample.frames.map((f) => limit(() => checkFrame(f, loc.dir, framesRoot, issues, where))));
  }
  await Promise.all(checks);
  const report = issues.toReport();
  return { manifest: loc.manifest, samples: count, report, ok: report.counts.error === 0 };
}

type Where = { sample: string; file: string; row: number };

function checkIndices(s: Sample, issues: IssueLog, where: Where): void {
  const n = s.frames.length > 0 ? s.frames.length : s.frame_count;
  if (s.frames.length > 0 && s.frame_count !== s.frames.length) {
    issues.error(
      'sample.frame-count',
      `frame_count ${s.frame_count} but ${s.frames.length} frames listed`,
      where,
    );
  }
  if (s.frames.length === 0 && !s.video)
    issues.error('sample.no-frames', 'no frames and no video; expected at least one frame', where);
  if (s.onset > s.offset) issues.error('sample.order', `onset ${s.onset} is after offset ${s.offset}`, where);
  if (s.offset >= n)
    issues.error('sample.index-range', `offset ${s.offset} is past the last frame (index ${n - 1})`, where);
  if (s.apex !== null && (s.apex < s.onset || s.apex > s.offset)) {
    issues.error(
      'sample.apex-range',
      `apex ${s.apex} is outside onset..offset (${s.onset}..${s.offset})`,
      where,
    );
  }
}

async function checkFrame(
  frame: string,
  base: string,
  root: string,
  issues: IssueLog,
  where: Where,
): Promise<void> {
  if (path.isAbsolute(frame) || /^[A-Za-z]:[\\/]/.test(frame)) {
    issues.error(
      'frames.absolute',
      `frame path '${frame}' is absolute; expected a path relative to the manifest`,
      where,
    );
    return;
  }
  const abs = path.resolve(base, frame);
  if (!isInside(root, abs)) {
    issues.error(
      'frames.outside',
      `frame path '${frame}' leaves the frames folder ${path.relative(base, root) || '.'}`,
      where,
    );
    return;
  }
  try {
    const st = await stat(abs);
    if (!st.isFile()) issues.error('frames.not-file', `frame '${frame}' is not a file`, where);
  } catch {
    issues.error('frames.missing', `frame '${frame}' does not exist`, where);
  }
}
