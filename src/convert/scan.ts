import path from 'node:path';
import type { Adapter, Detection, ScanOptions, ScanResult } from '../adapters/adapter.js';
import { resolveAdapter } from '../adapters/detect.js';
import { IssueLog } from '../report/issues.js';
import { keepContainedSamples } from './source-files.js';

export interface ScanRequest extends ScanOptions {
  /** The adapter id to use instead of detection. */
  format?: string | undefined;
}

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
  const { format, ...options } = request;
  const { adapter, detection } = await resolveAdapter(path.resolve(root), format);
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
