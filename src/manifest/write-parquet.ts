import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import type { Sample } from '../schema/sample.js';
import { TOOL_VERSION } from '../version.js';
import { type ColumnType, FLAT_COLUMNS, flatten } from './flat.js';

type SchemaElement = NonNullable<Parameters<typeof parquetWrite>[0]['schema']>[number];

/**
 * manifest.parquet: the flat columns of manifest.csv with real types (INT32, DOUBLE, UTF8 strings,
 * `frames` a LIST<STRING>); pandas: `pd.read_parquet('manifest.parquet')`.
 */
export function manifestParquet(samples: readonly Sample[]): Uint8Array {
  const rows = samples.map(flatten);
  const schema: SchemaElement[] = [{ name: 'root', num_children: FLAT_COLUMNS.length }];
  for (const [name, type, nullable] of FLAT_COLUMNS) schema.push(...element(name, type, nullable));
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    columnData: FLAT_COLUMNS.map(([name]) => ({ name, data: rows.map((r) => r[name]) })),
    schema,
    kvMetadata: [{ key: 'me-unify.format', value: 'flat manifest, one row per sample' }],
    createdBy: `me-unify ${TOOL_VERSION}`,
  });
  return new Uint8Array(writer.getBuffer());
}

function element(name: string, type: ColumnType, nullable: boolean): SchemaElement[] {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (type) {
    case 'string':
      return [{ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type }];
    case 'int':
      return [{ name, type: 'INT32', repetition_type }];
    case 'double':
      return [{ name, type: 'DOUBLE', repetition_type }];
    case 'list':
      // the standard 3-level LIST, which pyarrow, DuckDB and hyparquet read as a list of strings
      return [
        { name, repetition_type, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
      ];
  }
}
