import path from 'node:path';
import type { IssueLog } from '../issues/issues.js';
import { FPS_MAX, FPS_MIN } from '../schema/bounds.js';
import type { Sample } from '../schema/sample.js';
import { frameNumber } from '../sources/frames.js';

/** Where an issue was found: the manifest file, its line (or CSV row) and the sample. */
export interface Where {
  sample: string;
  file: string;
  row: number;
}

/** The label classes to check against, from `--labels` or dataset.json; null classes = any label. */
export interface DeclaredProfile {
  name: string;
  classes: string[] | null;
  from: string;
}

export function checkUniqueId(s: Sample, seen: Map<string, number>, issues: IssueLog, where: Where): void {
  const first = seen.get(s.id);
  if (first !== undefined)
    issues.error(
      'manifest.duplicate-id',
      `id '${s.id}' already used on line ${first}; expected unique ids`,
      where,
    );
  else seen.set(s.id, where.row);
}

/**
 * Ids become folder names (`frames/<id>/` in copied outputs and composites): each `/`-separated
 * segment must be a plain name, never `..`, `.`, empty, or holding a backslash or a control character.
 */
export function idSegmentProblem(id: string): string | null {
  const odd = (seg: string) => [...seg].some((c) => c === '\\' || c.charCodeAt(0) < 32);
  const bad = id.split('/').find((seg) => seg === '' || seg === '.' || seg === '..' || odd(seg));
  if (bad === undefined) return null;
  const shown = JSON.stringify(bad);
  return `id '${id}' cannot name a folder: its segment ${shown} is ${bad === '' ? 'empty (a leading, trailing or doubled /)' : bad === '.' || bad === '..' ? 'a relative path step' : 'holding a backslash or control character'}; expected names separated by single /`;
}

export function checkIdSegments(s: Sample, issues: IssueLog, where: Where): void {
  const problem = idSegmentProblem(s.id);
  if (problem) issues.error('manifest.unsafe-id', problem, where);
}

export function checkIndices(s: Sample, issues: IssueLog, where: Where): void {
  const n = s.frames.length > 0 ? s.frames.length : s.frame_count;
  if (s.frames.length > 0 && s.frame_count !== s.frames.length)
    issues.error(
      'sample.frame-count',
      `frame_count ${s.frame_count} but ${s.frames.length} frames listed`,
      where,
    );
  if (s.frames.length === 0 && !s.video)
    issues.error('sample.no-frames', 'no frames and no video; expected at least one frame', where);
  if (s.onset > s.offset) issues.error('sample.order', `onset ${s.onset} is after offset ${s.offset}`, where);
  if (s.offset >= n)
    issues.error(
      'sample.index-range',
      `offset ${s.offset} is past the last frame (index ${n - 1}); onset/apex/offset are 0-based indices into frames`,
      where,
    );
  if (s.apex !== null && (s.apex < s.onset || s.apex > s.offset))
    issues.error(
      'sample.apex-range',
      `apex ${s.apex} is outside onset..offset (${s.onset}..${s.offset})`,
      where,
    );
}

export function checkFps(s: Sample, issues: IssueLog, where: Where): void {
  if (s.fps < FPS_MIN || s.fps > FPS_MAX)
    issues.error(
      'sample.fps',
      `fps ${s.fps} is not a plausible frame rate; expected ${FPS_MIN}–${FPS_MAX} frames per second (ME datasets film at 25–200)`,
      where,
    );
}

/** Frame files whose names carry numbers must be listed in increasing order (docs/datasets.md §0.1: numeric, never text order). */
export function checkFrameOrder(s: Sample, issues: IssueLog, where: Where): void {
  const numbers = s.frames.map((f) => frameNumber(path.posix.basename(f)));
  if (numbers.some((n) => n === null)) return;
  for (let i = 1; i < numbers.length; i++) {
    const prev = numbers[i - 1] as number;
    const cur = numbers[i] as number;
    if (cur <= prev) {
      issues.error(
        'frames.order',
        `frame '${s.frames[i]}' (number ${cur}) comes after '${s.frames[i - 1]}' (number ${prev}); expected frames in increasing frame-number order`,
        where,
      );
      return;
    }
  }
}

export function checkLabel(s: Sample, profile: DeclaredProfile | null, issues: IssueLog, where: Where): void {
  if (!profile?.classes || s.label === null || profile.classes.includes(s.label)) return;
  issues.error(
    'label.not-in-profile',
    `label '${s.label}' is not a class of profile '${profile.name}' (${profile.from}); expected one of ${profile.classes.join(', ')}`,
    where,
  );
}

/** The split a sample declares (`extra.split`, or the CSV `split` column), if any. */
export function splitOf(s: Sample): string | null {
  const split = s.extra.split;
  return typeof split === 'string' && split !== '' ? split : null;
}

/** A subject in two splits leaks identity between training and testing: each subject belongs to one split. */
export function checkSplits(samples: readonly { sample: Sample; where: Where }[], issues: IssueLog): void {
  const bySubject = new Map<string, Map<string, string>>();
  for (const { sample } of samples) {
    const split = splitOf(sample);
    if (split === null) continue;
    const splits = bySubject.get(sample.subject) ?? new Map<string, string>();
    if (!splits.has(split)) splits.set(split, sample.id);
    bySubject.set(sample.subject, splits);
  }
  for (const [subject, splits] of bySubject) {
    if (splits.size < 2) continue;
    const list = [...splits].map(([split, id]) => `${split} (e.g. ${id})`).join(', ');
    const first = samples.find((x) => x.sample.subject === subject)?.where;
    issues.error(
      'split.subject-overlap',
      `subject '${subject}' appears in several splits: ${list}; expected each subject in one split only`,
      first ? { file: first.file, sample: first.sample, row: first.row } : {},
    );
  }
}
