import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonSchemas, renderJsonSchema } from '../../src/schema/json-schema.js';
import { SampleSchema } from '../../src/schema/sample.js';

const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

describe('JSON Schema files in schemas/', () => {
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    it(`${name} matches src/schema (run \`npm run schema\` when this fails)`, async () => {
      const onDisk = await readFile(`${SCHEMAS_DIR}${name}`, 'utf8');
      expect(onDisk).toBe(renderJsonSchema(schema));
    });
  }

  it('describes the manifest fields of the design, in snake_case', () => {
    const sample = jsonSchemas()['sample.schema.json'] as {
      properties: Record<string, unknown>;
      required: string[];
    };
    for (const field of [
      'id',
      'dataset',
      'subset',
      'subject',
      'clip',
      'kind',
      'fps',
      'frame_count',
      'frames',
      'onset',
      'apex',
      'offset',
      'source_frames',
      'apex_source',
      'emotion',
      'label',
      'label_profile',
      'aus',
      'aus_raw',
      'source',
      'extra',
    ]) {
      expect(sample.properties).toHaveProperty(field);
    }
  });
});

describe('SampleSchema', () => {
  const valid = {
    id: 'casme2/sub01/EP02_01f',
    dataset: 'casme2',
    subset: null,
    subject: 'casme2/sub01',
    clip: 'EP02_01f',
    kind: 'micro',
    fps: 200,
    frame_count: 2,
    frames: ['a/1.jpg', 'a/2.jpg'],
    onset: 0,
    apex: null,
    offset: 1,
    source_frames: { onset: 46, apex: null, offset: 47 },
    apex_source: 'missing',
    emotion: 'others',
    label: null,
    label_profile: 'megc2019',
    aus: [],
    aus_raw: '?',
    source: { directory: 'x', sheet: 's.xlsx', sheet_name: 'Sheet1', row: 2 },
    extra: {},
  };

  it('accepts a complete sample and fills video with null', () => {
    expect(SampleSchema.parse(valid).video).toBeNull();
  });

  it('rejects unknown fields, a bad kind and negative indices', () => {
    expect(SampleSchema.safeParse({ ...valid, surprise: 1 }).success).toBe(false);
    expect(SampleSchema.safeParse({ ...valid, kind: 'mega' }).success).toBe(false);
    expect(SampleSchema.safeParse({ ...valid, onset: -1 }).success).toBe(false);
  });
});
