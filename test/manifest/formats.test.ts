import { parse } from 'csv-parse/sync';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { manifestCsv } from '../../src/manifest/write-csv.js';
import { manifestParquet } from '../../src/manifest/write-parquet.js';
import type { Sample } from '../../src/schema/sample.js';
import { makeSample } from '../helpers/samples.js';

const samples: [Sample, Sample, Sample] = [
  makeSample('casme2', 'sub01', 'EP02_01f', { label: 'positive', nFrames: 4 }),
  makeSample('samm', '006', '006_1_2', {
    apex: null,
    apex_source: 'missing',
    emotion: 'Other',
    label: null,
    source_frames: { onset: 1, apex: null, offset: 5.5 },
    aus_raw: '4+L10, "quoted"',
    extra: { note: 'a,b' },
  }),
  makeSample('smic', 's1', 's1_ne_01', { subset: 'hs', nFrames: 1, apex: 0, offset: 0 }),
];

describe('manifest.parquet', () => {
  it('reads back in hyparquet with the same rows, values and types', async () => {
    const bytes = manifestParquet(samples);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(file);
    expect(Number(meta.num_rows)).toBe(samples.length);
    const rows = await parquetReadObjects({ file });
    expect(rows).toHaveLength(3);
    const [r0, r1, r2] = rows as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(rows.map((r) => r.id)).toEqual(samples.map((s) => s.id));
    expect(r0.frames).toEqual(samples[0].frames);
    expect(r2.frames).toEqual(samples[2].frames);
    expect(r1.apex).toBeNull();
    expect(r0.apex).toBe(samples[0].apex);
    expect(r1.source_offset).toBe(5.5);
    expect(r1.label).toBeNull();
    expect(r2.subset).toBe('hs');
    expect(r0.apex_path).toBe(samples[0].frames[2]);
    expect(JSON.parse(r1.extra as string)).toEqual({ note: 'a,b' });
    const schema = parquetSchema(meta);
    const byName = new Map(schema.children.map((c) => [c.element.name, c]));
    expect(byName.get('frame_count')?.element.type).toBe('INT32');
    expect(byName.get('fps')?.element.type).toBe('DOUBLE');
    expect(byName.get('id')?.element.converted_type).toBe('UTF8');
    expect(byName.get('id')?.element.repetition_type).toBe('REQUIRED');
    expect(byName.get('apex')?.element.repetition_type).toBe('OPTIONAL');
    expect(byName.get('frames')?.element.converted_type).toBe('LIST');
  });

  it('writes a readable file with no rows', async () => {
    const bytes = manifestParquet([]);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(Number(parquetMetadata(file).num_rows)).toBe(0);
    expect(await parquetReadObjects({ file })).toEqual([]);
  });
});

describe('manifest.csv', () => {
  it('round-trips through a CSV parser: quoting, nulls as empty cells, frames as JSON', () => {
    const text = manifestCsv(samples);
    const rows: Record<string, string>[] = parse(text, { columns: true });
    expect(rows).toHaveLength(3);
    const [r0, r1, r2] = rows as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(r1.aus_raw).toBe('4+L10, "quoted"');
    expect(r1.apex).toBe('');
    expect(r1.source_offset).toBe('5.5');
    expect(JSON.parse(String(r0.frames))).toEqual(samples[0].frames);
    expect(JSON.parse(String(r1.extra))).toEqual({ note: 'a,b' });
    expect(r2.offset_path).toBe(samples[2].frames[0]);
  });
});
