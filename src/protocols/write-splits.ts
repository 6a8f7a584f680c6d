import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { locateManifest, readDatasetInfo, readManifest } from '../manifest/read.js';
import { MeUnifyError } from '../report/errors.js';
import { IssueLog } from '../report/issues.js';
import type { Report } from '../schema/issue.js';
import { selectMegc2019 } from './megc2019.js';
import { buildSplits, leakage, type SplitProtocol, type Splits, splitsCsv } from './splits.js';

export interface SplitsResult {
  splits: Splits;
  csv: string;
  json: string;
  report: Report;
}

/**
 * Fold assignments for a converted output, written as CSV (one row per sample: the fold where it is
 * tested) and JSON (every fold's test and train ids). `megc2019` on an output that is not already
 * the composite selects the published membership first and reports what it left out.
 */
export async function writeSplits(
  target: string,
  protocol: SplitProtocol,
  outFile?: string,
): Promise<SplitsResult> {
  const loc = await locateManifest(target);
  let samples = await readManifest(target);
  const info = loc.datasetJson ? await readDatasetInfo(loc.datasetJson) : null;
  const issues = new IssueLog();
  if (protocol === 'megc2019' && info?.options.protocol !== 'megc2019') {
    issues.info(
      'splits.selected',
      `${loc.manifest} is not a MEGC 2019 composite; the published membership list was selected from it first`,
    );
    samples = (await selectMegc2019(samples, issues)).samples;
  }
  if (samples.length === 0)
    throw new MeUnifyError(
      `${loc.manifest}: no samples to split${protocol === 'megc2019' ? ' (none is in the MEGC 2019 list)' : ''}`,
    );
  const splits = buildSplits(protocol, samples);
  const leaks = leakage(splits, samples);
  if (leaks.length)
    throw new MeUnifyError(
      `internal error: subjects on both sides of folds ${leaks.map((l) => l.fold).join(', ')}`,
    );
  const base = outFile
    ? path.resolve(outFile).replace(/\.(csv|json)$/i, '')
    : path.join(loc.dir, `splits-${protocol}`);
  const csv = `${base}.csv`;
  const json = `${base}.json`;
  await mkdir(path.dirname(base), { recursive: true });
  await atomicWrite(csv, splitsCsv(splits, samples));
  await atomicWrite(json, `${JSON.stringify(splits, null, 2)}\n`);
  return { splits, csv, json, report: issues.toReport() };
}

async function atomicWrite(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
