import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MeUnifyError } from '../issues/errors.js';
import { IssueLog } from '../issues/issues.js';
import { locateManifest, readDatasetInfo, readManifest } from '../manifest/read.js';
import type { Report } from '../schema/issue.js';
import type { Sample } from '../schema/sample.js';
import { selectMegc2019 } from './megc2019.js';
import {
  buildSplits,
  leakage,
  type SplitOptions,
  type SplitProtocol,
  type Splits,
  splitsCsv,
} from './splits.js';

export type KindFilter = 'micro' | 'macro' | 'all';

export interface WriteSplitsOptions extends SplitOptions {
  /** Where to write (`<file>.csv` and `<file>.json`); default `<out>/splits-<protocol>`. */
  output?: string | undefined;
  /** Keep samples whose label is null (default: only labelled samples are split). */
  includeUnlabelled?: boolean | undefined;
  kind?: KindFilter | undefined;
}

/** What a split file records besides its folds: how it was made and from which input. */
export interface SplitsFile extends Splits {
  kind: KindFilter;
  include_unlabelled: boolean;
  /** The manifest split, and the sha256 of its bytes: a split is only valid for that manifest. */
  input: { manifest: string; sha256: string };
  warnings: string[];
}

export interface SplitsResult {
  splits: SplitsFile;
  csv: string;
  json: string;
  report: Report;
}

/** sha256 of a manifest.jsonl: the fingerprint split files and scores record. */
export async function manifestFingerprint(manifest: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(manifest))
    .digest('hex');
}

/**
 * Fold assignments for a converted output, written as CSV (one row per tested sample) and JSON
 * (every fold's test and train ids, the protocol, options, seed and the input's fingerprint).
 * `megc2019` on an output that is not already the composite selects the published membership first.
 */
export async function writeSplits(
  target: string,
  protocol: SplitProtocol,
  options: WriteSplitsOptions = {},
): Promise<SplitsResult> {
  const loc = await locateManifest(target);
  let samples = await readManifest(target);
  const info = loc.datasetJson ? await readDatasetInfo(loc.datasetJson) : null;
  const issues = new IssueLog();
  const kind = options.kind ?? (protocol === 'megc2019' ? 'micro' : 'all');
  if (kind !== 'all') samples = samples.filter((s) => s.kind === kind);
  if (protocol === 'megc2019' && info?.options.protocol !== 'megc2019') {
    issues.info(
      'splits.selected',
      `${loc.manifest} is not a MEGC 2019 composite; the published membership list was selected from it first`,
    );
    samples = (await selectMegc2019(samples, issues)).samples;
  }
  const includeUnlabelled = options.includeUnlabelled ?? false;
  if (!includeUnlabelled) {
    const unlabelled = samples.filter((s) => s.label === null).length;
    if (unlabelled)
      issues.info(
        'splits.unlabelled',
        `${unlabelled} unlabelled sample${unlabelled === 1 ? '' : 's'} left out (pass --include-unlabelled to keep them)`,
      );
    samples = samples.filter((s) => s.label !== null);
  }
  if (samples.length === 0)
    throw new MeUnifyError(
      `${loc.manifest}: no samples to split${protocol === 'megc2019' ? ' (none is in the MEGC 2019 list)' : ''}${includeUnlabelled ? '' : ' (only labelled samples are split; convert with --labels <profile>, or pass --include-unlabelled)'}${kind === 'all' ? '' : ` of kind ${kind}`}`,
    );
  const splits = buildSplits(protocol, samples, options);
  const leaks = leakage(splits, samples);
  if (leaks.length)
    throw new MeUnifyError(
      `internal error: persons or events on both sides of folds ${leaks.map((l) => l.fold).join(', ')}`,
    );
  const warnings = foldWarnings(splits, samples);
  for (const w of warnings) issues.warn('splits.fold-balance', w);
  const base = options.output
    ? path.resolve(options.output).replace(/\.(csv|json)$/i, '')
    : path.join(loc.dir, `splits-${protocol}`);
  const csv = `${base}.csv`;
  const json = `${base}.json`;
  const file: SplitsFile = {
    ...splits,
    kind,
    include_unlabelled: includeUnlabelled,
    input: { manifest: path.basename(loc.manifest), sha256: await manifestFingerprint(loc.manifest) },
    warnings,
  };
  await mkdir(path.dirname(base), { recursive: true });
  await atomicWrite(csv, splitsCsv(splits, samples));
  await atomicWrite(json, `${JSON.stringify(file, null, 2)}\n`);
  return { splits: file, csv, json, report: issues.toReport() };
}

/** Folds whose test side has no labelled sample, or lacks a class the split's samples have. */
export function foldWarnings(splits: Splits, samples: readonly Sample[]): string[] {
  const byId = new Map(samples.map((s) => [s.id, s]));
  const classes = [...new Set(samples.map((s) => s.label).filter((l): l is string => l !== null))].sort();
  const out: string[] = [];
  for (const f of splits.folds) {
    const labels = new Set(f.test.map((id) => byId.get(id)?.label ?? null).filter((l) => l !== null));
    if (labels.size === 0) out.push(`fold ${f.fold} (${f.name}): no labelled sample on the test side`);
    else {
      const lacking = classes.filter((c) => !labels.has(c));
      if (lacking.length)
        out.push(`fold ${f.fold} (${f.name}): the test side has no sample of class ${lacking.join(', ')}`);
    }
  }
  return out;
}

async function atomicWrite(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
