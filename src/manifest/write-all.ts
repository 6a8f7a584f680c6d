import type { Sample } from '../schema/sample.js';
import { manifestCsv } from './write-csv.js';
import { manifestParquet } from './write-parquet.js';

/** Anything that writes a file atomically inside an output folder (OutputDir). */
export interface ManifestSink {
  writeFile(rel: string, data: string | Uint8Array): Promise<void>;
}

/** manifest.jsonl (the reference) plus the same rows as manifest.csv and manifest.parquet. */
export async function writeManifests(out: ManifestSink, samples: readonly Sample[]): Promise<void> {
  await out.writeFile(
    'manifest.jsonl',
    samples.map((s) => JSON.stringify(s)).join('\n') + (samples.length ? '\n' : ''),
  );
  await out.writeFile('manifest.csv', manifestCsv(samples));
  await out.writeFile('manifest.parquet', manifestParquet(samples));
}
