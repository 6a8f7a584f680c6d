import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FLAT_COLUMNS } from '../../src/manifest/flat.js';
import { buildSplits, splitsCsv } from '../../src/protocols/splits.js';
import {
  flatColumnDocs,
  renderOutputFormatDoc,
  SPLITS_CSV_COLUMNS,
  SPLITS_JSON_FIELDS,
  schemaFields,
  undocumentedFields,
} from '../../src/schema/format-doc.js';
import { jsonSchemas } from '../../src/schema/json-schema.js';
import { type Sample, SampleSchema } from '../../src/schema/sample.js';

const DOC = fileURLToPath(new URL('../../docs/output-format.md', import.meta.url));

const sample = (id: string, subject: string): Sample =>
  SampleSchema.parse({
    id,
    dataset: 'casme2',
    subset: null,
    subject,
    clip: id,
    kind: 'micro',
    fps: 200,
    frame_count: 1,
    frames: ['a.jpg'],
    onset: 0,
    apex: 0,
    offset: 0,
    source_frames: { onset: 1, apex: 1, offset: 1 },
    apex_source: 'annotated',
    emotion: 'happiness',
    label: 'positive',
    label_profile: 'megc2019',
    aus: [],
    aus_raw: null,
    source: { directory: null, sheet: null, sheet_name: null, row: null },
    extra: {},
  });

describe('docs/output-format.md', () => {
  it('matches src/schema (run `npm run schema` when this fails)', async () => {
    expect(await readFile(DOC, 'utf8')).toBe(renderOutputFormatDoc());
  });

  it('every field of sample, dataset.json and report.json has a description', () => {
    expect(undocumentedFields()).toEqual([]);
  });

  it('lists nested fields, so a nested field without a description is found', () => {
    const paths = schemaFields(jsonSchemas()['sample.schema.json'] as never).map((f) => f.path);
    expect(paths).toContain('aus[].intensity');
    expect(paths).toContain('processing.crop.face.box.x');
    const bare = {
      type: 'object',
      properties: { a: { type: 'object', properties: { b: { type: 'string' } } } },
    };
    expect(
      schemaFields(bare)
        .filter((f) => !f.description)
        .map((f) => f.path),
    ).toEqual(['a', 'a.b']);
  });

  it('documents every flat manifest column, in order', () => {
    expect(flatColumnDocs().map((c) => c.path)).toEqual(FLAT_COLUMNS.map(([name]) => name));
  });

  it('documents every key of the splits files as written', () => {
    const samples = [sample('a', 'casme2/sub01'), sample('b', 'casme2/sub02')];
    const splits = buildSplits('loso', samples);
    const documented = new Set(SPLITS_JSON_FIELDS.map((f) => f.path));
    for (const key of Object.keys(splits)) expect(documented).toContain(key);
    for (const key of Object.keys(splits.folds[0] ?? {})) expect(documented).toContain(`folds[].${key}`);
    const header = splitsCsv(splits, samples).split('\n')[0];
    expect(header).toBe(SPLITS_CSV_COLUMNS.map((c) => c.path).join(','));
  });
});
