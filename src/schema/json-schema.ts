import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DatasetInfoSchema } from './dataset.js';
import { ReportSchema } from './issue.js';
import { SampleSchema } from './sample.js';

/** The JSON Schema files checked into schemas/ (a test fails when they are stale). */
export function jsonSchemas(): Record<string, unknown> {
  const make = (schema: z.ZodType, id: string, title: string) => ({
    $id: `https://me-unify.dev/schemas/${id}`,
    title,
    ...z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }),
  });
  return {
    'sample.schema.json': make(
      SampleSchema,
      'sample.schema.json',
      'me-unify sample (one line of manifest.jsonl)',
    ),
    'dataset.schema.json': make(DatasetInfoSchema, 'dataset.schema.json', 'me-unify dataset.json'),
    'report.schema.json': make(ReportSchema, 'report.schema.json', 'me-unify report.json'),
  };
}

export function renderJsonSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

export async function writeJsonSchemas(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    await writeFile(path.join(dir, name), renderJsonSchema(schema));
    written.push(path.join(dir, name));
  }
  return written;
}
