import path from 'node:path';
import type { Adapter, Detection, ScanOptions, ScanResult } from '../adapters/adapter.js';
import { resolveAdapter } from '../adapters/detect.js';
import { ADAPTERS } from '../adapters/registry.js';
import { usageError } from '../issues/errors.js';
import { IssueLog } from '../issues/issues.js';
import { keepContainedSamples } from './source-files.js';

/** `format` and `adapters` choose the adapter; every other field is one of its options (`layout`, `sheet`…), checked by its `options` schema. */
export type ScanRequest = ScanOptions & {
  /** The adapter id to use instead of detection. */
  format?: string | undefined;
  /** Adapters of the caller's own, tried (and named by `format`) besides the built-in ones. */
  adapters?: readonly Adapter[] | undefined;
};

export interface ScanOutcome {
  adapter: Adapter;
  detection: Detection;
  result: ScanResult;
  issues: IssueLog;
}

/** Detects the dataset under `root` (or uses `format`) and reads it; nothing is written. */
export async function scan(
  root: string,
  request: ScanRequest = {},
  issues = new IssueLog(),
): Promise<ScanOutcome> {
  const { format, adapters, ...options } = request;
  const { adapter, detection } = await resolveAdapter(path.resolve(root), format, withExtra(adapters));
  const from = issues.issues.length;
  const scanned = await adapter.scan(detection.root ?? path.resolve(root), { issues, options });
  // the root the user named: an adapter may settle on a folder inside it
  const samples = await keepContainedSamples(path.resolve(root), scanned.samples, issues);
  const result = {
    ...scanned,
    samples,
    rejected: scanned.rejected + scanned.samples.length - samples.length,
  };
  // one code per event for every dataset: the issue names its dataset instead
  issues.stampDataset(result.dataset?.id ?? adapter.id, from);
  return { adapter, detection, result, issues };
}

/** The built-in adapters and the caller's, refusing an id used twice (the caller's could not be chosen). */
export function withExtra(extra: readonly Adapter[] | undefined): readonly Adapter[] {
  if (!extra || extra.length === 0) return ADAPTERS;
  const all = [...ADAPTERS, ...extra];
  const ids = all.map((a) => a.id);
  const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (twice.length > 0)
    throw usageError(
      `adapter id ${[...new Set(twice)].map((id) => `'${id}'`).join(', ')} is used twice; expected each adapter to have its own id`,
    );
  return all;
}
