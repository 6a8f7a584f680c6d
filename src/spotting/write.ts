import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MeUnifyError } from '../issues/errors.js';
import { locateManifest, readManifest } from '../manifest/read.js';
import { groundTruthCsv, groundTruthJson, pairingLog } from './forms.js';
import { type GroundTruth, groundTruth, type UnknownEnd } from './ground-truth.js';
import { readPredictions } from './predictions.js';
import { type SpotScore, scoreSpots } from './score.js';

export interface SpotsResult {
  groundTruth: GroundTruth;
  csv: string;
  json: string;
}

/** The ground truth of a converted output's long-video samples, or an error naming the manifest when it has none. */
export async function loadGroundTruth(
  target: string,
  unknownEnd: UnknownEnd = 'exclude',
): Promise<{ gt: GroundTruth; manifest: string }> {
  const loc = await locateManifest(target);
  const samples = await readManifest(target);
  const gt = groundTruth(samples, unknownEnd);
  if (gt.expressions.length === 0 && gt.unknown.length === 0) {
    const datasets = [...new Set(samples.map((s) => s.dataset))].join(', ') || 'none';
    throw new MeUnifyError(
      `${loc.manifest}: no sample comes from a long video (datasets here: ${datasets}); expected a conversion of a long-video dataset such as samm-lv or smic-e, whose samples name their video in extra.video or extra.long_clip`,
      { file: loc.manifest },
    );
  }
  if (gt.expressions.length === 0)
    throw new MeUnifyError(
      `${loc.manifest}: none of the ${gt.unknown.length} long-video samples has both onset and offset annotated; nothing to write`,
      { file: loc.manifest },
    );
  return { gt, manifest: loc.manifest };
}

/**
 * Writes the spotting ground truth per long video as `<base>.json` and the MEGC CSV form `<base>.csv`
 * (default base `<out>/spots`).
 */
export async function writeSpots(
  target: string,
  outFile?: string,
  unknownEnd: UnknownEnd = 'exclude',
): Promise<SpotsResult> {
  const { gt, manifest } = await loadGroundTruth(target, unknownEnd);
  const base = outFile
    ? path.resolve(outFile).replace(/\.(csv|json)$/i, '')
    : path.join(path.dirname(manifest), 'spots');
  await mkdir(path.dirname(base), { recursive: true });
  const csv = `${base}.csv`;
  const json = `${base}.json`;
  await atomicWrite(csv, groundTruthCsv(gt.expressions));
  await atomicWrite(json, `${JSON.stringify(groundTruthJson(gt, manifest), null, 2)}\n`);
  return { groundTruth: gt, csv, json };
}

export interface ScoreSpotsResult {
  score: SpotScore;
  groundTruth: GroundTruth;
  log: string;
  json: string;
}

/**
 * Scores a predictions CSV against an output's ground truth (MEGC rule, docs/datasets-more.md §6.2);
 * writes the per-pairing log `<base>.log` and the summary `<base>.json` (default base: the
 * predictions file's name with `-score`).
 */
export async function scoreSpotPredictions(
  predictionsFile: string,
  target: string,
  outFile?: string,
  unknownEnd: UnknownEnd = 'exclude',
): Promise<ScoreSpotsResult> {
  const { gt, manifest } = await loadGroundTruth(target, unknownEnd);
  const videos = new Map<string, string[]>();
  for (const e of [...gt.expressions, ...gt.unknown]) {
    const holders = videos.get(e.video) ?? [];
    if (!holders.includes(e.dataset)) holders.push(e.dataset);
    videos.set(e.video, holders);
  }
  const predictions = await readPredictions(predictionsFile, videos);
  const score = scoreSpots(gt.expressions, predictions);
  const base = path
    .resolve(outFile ?? `${predictionsFile.replace(/\.csv$/i, '')}-score`)
    .replace(/\.(log|json)$/i, '');
  await mkdir(path.dirname(base), { recursive: true });
  const log = `${base}.log`;
  const json = `${base}.json`;
  await atomicWrite(log, pairingLog(score.pairings));
  const summary = {
    predictions: path.resolve(predictionsFile),
    ground_truth: manifest,
    rule: 'MEGC: IoU >= 0.5 (frames counted inclusively) with a ground-truth interval of the same type in the same video; each interval counted once; F1 per type and overall from pooled counts, per dataset',
    datasets: score.datasets.map((d) => ({
      ...d,
      // long-video samples left out of the ground truth (onset or offset unknown): a prediction there may count as FP
      unscored_truths: gt.unknown.filter((u) => u.dataset === d.dataset).length,
    })),
    log,
  };
  await atomicWrite(json, `${JSON.stringify(summary, null, 2)}\n`);
  return { score, groundTruth: gt, log, json };
}

async function atomicWrite(file: string, data: string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}
