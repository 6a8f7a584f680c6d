import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { readManifest } from '../../src/manifest/read.js';
import type { Sample } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('convert writes manifest.csv and manifest.parquet beside manifest.jsonl', () => {
  let out: string;
  let samples: Sample[];

  beforeAll(async () => {
    const base = await tempDir();
    await makeCasme2({ root: path.join(base, 'CASME2'), sheet: '20140508', layouts: ['raw-selected'] });
    out = path.join(base, 'out');
    const r = await runCli([
      'convert',
      path.join(base, 'CASME2'),
      '-o',
      out,
      '--labels',
      'megc2019',
      '--on-error',
      'skip',
    ]);
    expect(r.code, r.stderr).toBe(0);
    samples = await readManifest(out);
  }, 120_000);

  it('the Parquet file holds the same samples, in order, with their values', async () => {
    const buf = await readFile(path.join(out, 'manifest.parquet'));
    const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(samples.length);
    expect(samples.length).toBeGreaterThan(200);
    rows.forEach((row, i) => {
      const s = samples[i] as Sample;
      expect(row.id).toBe(s.id);
      expect(row.label).toBe(s.label);
      expect(row.onset).toBe(s.onset);
      expect(row.apex).toBe(s.apex);
      expect(row.frames).toEqual(s.frames);
      expect(row.source_row).toBe(s.source.row);
    });
  });

  it('the CSV file holds the same samples, one row each', async () => {
    const rows: Record<string, string>[] = parse(await readFile(path.join(out, 'manifest.csv'), 'utf8'), {
      columns: true,
    });
    expect(rows.map((r) => r.id)).toEqual(samples.map((s) => s.id));
    expect(rows.map((r) => r.emotion)).toEqual(samples.map((s) => s.emotion ?? ''));
  });
});
