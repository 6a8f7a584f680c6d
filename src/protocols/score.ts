import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MeUnifyError, usageError } from '../issues/errors.js';
import { locateManifest, readDatasetInfo, readManifest } from '../manifest/read.js';
import type { Sample } from '../schema/sample.js';
import { naturalCompare } from './groups.js';
import { computeMetrics, type Metrics } from './metrics.js';
import type { SplitProtocol } from './splits.js';
import { manifestFingerprint } from './write-splits.js';

/** The MEGC 2019 breakdown: the composite, then each source dataset (docs/datasets.md §6). */
const MEGC2019_PARTS = ['casme2', 'samm', 'smic'] as const;
const MEGC2019_CLASSES = ['negative', 'positive', 'surprise'];

const SplitsFileSchema = z.object({
  protocol: z.string(),
  input: z.object({ manifest: z.string(), sha256: z.string() }),
  folds: z.array(z.object({ fold: z.number(), test: z.array(z.string()) })),
});

export interface ScoreOptions {
  predictions: string;
  /** The converted output (folder or manifest) the predictions are for. */
  on: string;
  protocol: SplitProtocol;
  /** The split file; default `<out>/splits-<protocol>.json`. */
  splits?: string | undefined;
  /** Where to write the JSON; default `<predictions>.score.json` beside the predictions. */
  output?: string | undefined;
}

export interface Score {
  protocol: SplitProtocol;
  predictions: string;
  splits: { file: string; sha256: string };
  classes: string[];
  /** All test samples of all folds, one confusion matrix (MEGC 2019's UF1/UAR). */
  overall: Metrics;
  /** Per dataset; for megc2019 exactly casme2, samm, smic. */
  by_dataset: Record<string, Metrics>;
}

/**
 * Scores `id,prediction` rows against the labels of the split's test samples. Every test sample
 * needs exactly one prediction; a prediction is a class name or its 0-based index in the classes.
 */
export async function score(opts: ScoreOptions): Promise<{ score: Score; json: string }> {
  const loc = await locateManifest(opts.on);
  const samples = await readManifest(opts.on);
  const info = loc.datasetJson ? await readDatasetInfo(loc.datasetJson) : null;
  const splitsFile = opts.splits
    ? path.resolve(opts.splits)
    : path.join(loc.dir, `splits-${opts.protocol}.json`);
  const splits = await readSplits(splitsFile, opts.protocol, opts.on);
  const sha = await manifestFingerprint(loc.manifest);
  if (splits.input.sha256 !== sha)
    throw new MeUnifyError(
      `${splitsFile} was made from a different manifest (sha256 ${splits.input.sha256.slice(0, 12)}…, ${loc.manifest} is now ${sha.slice(0, 12)}…); run 'me-unify splits' again`,
      { file: splitsFile },
    );
  const byId = new Map(samples.map((s) => [s.id, s]));
  const tested: Sample[] = [];
  for (const id of new Set(splits.folds.flatMap((f) => f.test))) {
    const s = byId.get(id);
    if (!s)
      throw new MeUnifyError(`${splitsFile}: test sample ${id} is not in ${loc.manifest}`, {
        file: splitsFile,
      });
    if (s.label === null) continue; // unlabelled samples (--include-unlabelled) are not scored
    tested.push(s);
  }
  const classes =
    opts.protocol === 'megc2019'
      ? MEGC2019_CLASSES
      : (info?.label_profile.classes ??
        [...new Set(tested.map((s) => s.label as string))].sort(naturalCompare));
  const predicted = await readPredictions(opts.predictions, classes, new Map(tested.map((s) => [s.id, s])));
  const pairsOf = (list: readonly Sample[]) =>
    list.map((s) => ({ truth: s.label as string, prediction: predicted.get(s.id) as string }));
  const datasets =
    opts.protocol === 'megc2019'
      ? [...MEGC2019_PARTS]
      : [...new Set(tested.map((s) => s.dataset))].sort(naturalCompare);
  const by_dataset: Record<string, Metrics> = {};
  for (const d of datasets)
    by_dataset[d] = computeMetrics(pairsOf(tested.filter((s) => s.dataset === d)), classes);
  const result: Score = {
    protocol: opts.protocol,
    predictions: path.basename(opts.predictions),
    splits: { file: path.basename(splitsFile), sha256: sha },
    classes: [...classes],
    overall: computeMetrics(pairsOf(tested), classes),
    by_dataset,
  };
  const json = opts.output
    ? path.resolve(opts.output)
    : path.resolve(opts.predictions).replace(/(\.csv)?$/i, '.score.json');
  const tmp = `${json}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(result, null, 2)}\n`);
  await rename(tmp, json);
  return { score: result, json };
}

async function readSplits(file: string, protocol: SplitProtocol, on: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw usageError(
      `no split file ${file}; run 'me-unify splits ${on} --protocol ${protocol}' first (or name one with --splits)`,
    );
  }
  let parsed: z.infer<typeof SplitsFileSchema>;
  try {
    parsed = SplitsFileSchema.parse(JSON.parse(text));
  } catch {
    throw new MeUnifyError(
      `${file}: not a split file written by 'me-unify splits' (expected protocol, input and folds)`,
      {
        file,
      },
    );
  }
  if (parsed.protocol !== protocol)
    throw usageError(`${file} holds ${parsed.protocol} folds, not ${protocol}`);
  return parsed;
}

/** `id,prediction` rows → prediction by id; every problem is named by its CSV row (header = row 1). */
async function readPredictions(
  file: string,
  classes: readonly string[],
  tested: ReadonlyMap<string, Sample>,
): Promise<Map<string, string>> {
  let rows: string[][];
  try {
    rows = parse(await readFile(file, 'utf8'), {
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    });
  } catch (err) {
    throw new MeUnifyError(`${file}: not a readable CSV (${err instanceof Error ? err.message : err})`, {
      file,
    });
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const idCol = header.indexOf('id');
  const predCol = header.indexOf('prediction');
  if (idCol === -1 || predCol === -1)
    throw new MeUnifyError(
      `${file}, row 1: expected a header with columns id,prediction; found ${rows[0]?.join(',') ?? 'nothing'}`,
      {
        file,
      },
    );
  const problems: string[] = [];
  const out = new Map<string, string>();
  const firstRow = new Map<string, number>();
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const id = row[idCol] ?? '';
    const raw = row[predCol] ?? '';
    if (!tested.has(id)) {
      problems.push(`row ${line}: id '${id}' is not a labelled test sample of this split`);
      return;
    }
    const seen = firstRow.get(id);
    if (seen !== undefined) {
      problems.push(`row ${line}: id '${id}' was already predicted on row ${seen}`);
      return;
    }
    firstRow.set(id, line);
    const cls = /^\d+$/.test(raw) ? classes[Number(raw)] : classes.includes(raw) ? raw : undefined;
    if (cls === undefined) {
      problems.push(
        `row ${line}: prediction '${raw}' is not a class; expected one of ${classes.join(', ')} or its index 0..${classes.length - 1}`,
      );
      return;
    }
    out.set(id, cls);
  });
  const missing = [...tested.keys()].filter((id) => !firstRow.has(id));
  if (missing.length)
    problems.push(
      `no prediction for ${missing.length} test sample${missing.length === 1 ? '' : 's'}: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
    );
  if (problems.length)
    throw new MeUnifyError(
      `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}, nothing scored:\n${problems
        .slice(0, 15)
        .map((p) => `  ${p}`)
        .join('\n')}${problems.length > 15 ? `\n  … and ${problems.length - 15} more` : ''}`,
      { file },
    );
  return out;
}
