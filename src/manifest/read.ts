import { stat } from 'node:fs/promises';
import path from 'node:path';
import { describeError, MeUnifyError } from '../issues/errors.js';
import { type DatasetInfo, DatasetInfoSchema } from '../schema/dataset.js';
import { type Sample, SampleSchema } from '../schema/sample.js';
import { readRegularFile } from '../sources/regular-file.js';
import { readCsvManifest } from './csv.js';
import { jsonDepth, MAX_JSON_DEPTH } from './json-depth.js';
import { parseJsonSafely } from './safe-json.js';

export interface ManifestLocation {
  /** The manifest file. */
  manifest: string;
  /** The folder frame paths are relative to. */
  dir: string;
  /** dataset.json beside the manifest, when present. */
  datasetJson: string | null;
}

/** Accepts an output folder or a manifest file. */
export async function locateManifest(target: string): Promise<ManifestLocation> {
  const abs = path.resolve(target);
  let st: import('node:fs').Stats;
  try {
    st = await stat(abs);
  } catch {
    throw new MeUnifyError(
      `${target}: no such file or folder; expected a converted output folder, a manifest.jsonl or a CSV manifest`,
      { file: target },
    );
  }
  const manifest = st.isDirectory() ? path.join(abs, 'manifest.jsonl') : abs;
  const dir = path.dirname(manifest);
  try {
    await stat(manifest);
  } catch {
    throw new MeUnifyError(
      `${target}: no manifest.jsonl here; expected the folder written by 'me-unify convert'`,
      { file: manifest },
    );
  }
  const datasetJson = path.join(dir, 'dataset.json');
  return { manifest, dir, datasetJson: (await stat(datasetJson).catch(() => null)) ? datasetJson : null };
}

export interface ManifestLine {
  line: number;
  /** The parsed sample, or why the line is not one. */
  sample: Sample | null;
  problem: string | null;
}

/** Every sample of a manifest: JSONL (one per line) or the hand-written CSV form (`.csv`, README). */
export async function readManifestLines(file: string): Promise<ManifestLine[]> {
  if (/\.csv$/i.test(file)) return readCsvManifest(file);
  return readJsonlLines(file);
}

/** Every line of a JSONL manifest, each parsed against the schema; blank lines are skipped. */
async function readJsonlLines(file: string): Promise<ManifestLine[]> {
  let text: string;
  try {
    text = (await readRegularFile(file, 'manifest')).toString('utf8');
  } catch (err) {
    if (err instanceof MeUnifyError) throw err;
    throw new MeUnifyError(`${file}: cannot read the manifest (${describeError(err)})`, { file, cause: err });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a BOM from a Windows editor
  const out: ManifestLine[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    if (jsonDepth(raw) > MAX_JSON_DEPTH) {
      out.push({
        line: i + 1,
        sample: null,
        problem: `nested more than ${MAX_JSON_DEPTH} levels deep; expected one sample object per line`,
      });
      return;
    }
    let json: unknown;
    try {
      json = parseJsonSafely(raw);
    } catch (err) {
      out.push({
        line: i + 1,
        sample: null,
        problem: `not valid JSON (${err instanceof Error ? err.message : err})`,
      });
      return;
    }
    const parsed = SampleSchema.safeParse(json);
    if (parsed.success) out.push({ line: i + 1, sample: parsed.data, problem: null });
    else {
      const why = parsed.error.issues.map((e) => `${e.path.join('.') || '(line)'}: ${e.message}`).join('; ');
      out.push({ line: i + 1, sample: null, problem: `not a valid sample: ${why}` });
    }
  });
  return out;
}

/** Reads a converted output's samples; throws naming the first bad line. For training and analysis code. */
export async function readManifest(target: string): Promise<Sample[]> {
  const loc = await locateManifest(target);
  const lines = await readManifestLines(loc.manifest);
  const bad = lines.find((l) => l.problem);
  if (bad)
    throw new MeUnifyError(`${loc.manifest}, line ${bad.line}: ${bad.problem}`, { file: loc.manifest });
  return lines.map((l) => l.sample as Sample);
}

export async function readDatasetInfo(file: string): Promise<DatasetInfo> {
  let json: unknown;
  try {
    json = JSON.parse((await readRegularFile(file, 'dataset.json')).toString('utf8'));
  } catch (err) {
    if (err instanceof MeUnifyError) throw err;
    throw new MeUnifyError(`${file}: not valid JSON (${err instanceof Error ? err.message : err})`, { file });
  }
  const parsed = DatasetInfoSchema.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ');
    throw new MeUnifyError(`${file}: not a valid dataset.json: ${why}`, { file });
  }
  return parsed.data;
}
