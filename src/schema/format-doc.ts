import { FLAT_COLUMNS, type FlatSample } from '../manifest/flat.js';
import { jsonSchemas } from './json-schema.js';

/**
 * docs/output-format.md, generated from the zod schemas' descriptions (via their JSON Schema) so
 * that the documentation of every output field cannot drift from the code: a field without a
 * description makes the generator throw, and a test compares the file with this output.
 */

interface JsonNode {
  type?: string | string[];
  anyOf?: JsonNode[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonNode;
  prefixItems?: JsonNode[];
  properties?: Record<string, JsonNode>;
  required?: string[];
  additionalProperties?: JsonNode | boolean;
  description?: string;
  $ref?: string;
}

export interface FieldDoc {
  path: string;
  type: string;
  required: boolean;
  description: string | undefined;
}

/** Every field of a JSON Schema object, nested ones as `a.b` and `a[].b`, in schema order. */
export function schemaFields(schema: JsonNode, prefix = ''): FieldDoc[] {
  const out: FieldDoc[] = [];
  const required = new Set(schema.required ?? []);
  for (const [key, node] of Object.entries(schema.properties ?? {})) {
    const path = `${prefix}${key}`;
    out.push({ path, type: typeName(node), required: required.has(key), description: node.description });
    const object = objectBranch(node);
    if (object) out.push(...schemaFields(object, `${path}.`));
    const items = arrayItems(node);
    const itemObject = items && objectBranch(items);
    if (itemObject) out.push(...schemaFields(itemObject, `${path}[].`));
  }
  return out;
}

function branches(node: JsonNode): JsonNode[] {
  return node.anyOf ?? [node];
}

function objectBranch(node: JsonNode): JsonNode | undefined {
  return branches(node).find((b) => b.properties !== undefined);
}

function arrayItems(node: JsonNode): JsonNode | undefined {
  return branches(node).find((b) => b.type === 'array' && b.items)?.items;
}

function typeName(node: JsonNode): string {
  if (node.$ref) return 'any JSON value';
  if (node.anyOf) return node.anyOf.map(typeName).join(' or ');
  if (node.enum) return node.enum.map((v) => JSON.stringify(v)).join(' or ');
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (Array.isArray(node.type)) return node.type.join(' or ');
  if (node.type === 'array') {
    if (node.prefixItems) return `[${node.prefixItems.map(typeName).join(', ')}][]`;
    return node.items ? `${wrap(typeName(node.items))}[]` : 'array';
  }
  if (node.type === 'object' && !node.properties) {
    const values =
      typeof node.additionalProperties === 'object' ? typeName(node.additionalProperties) : 'any';
    return `object (string → ${values})`;
  }
  return node.type ?? 'any';
}

function wrap(type: string): string {
  return type.includes(' ') ? `(${type})` : type;
}

/** Paths of fields that have no description, per schema file. */
export function undocumentedFields(): string[] {
  const missing: string[] = [];
  for (const [file, schema] of Object.entries(jsonSchemas()))
    for (const f of schemaFields(schema as JsonNode)) if (!f.description) missing.push(`${file}: ${f.path}`);
  return missing;
}

/** Flat columns that are not a sample field of the same name: what they are made from. */
const FLAT_ORIGIN: Partial<Record<keyof FlatSample, string>> = {
  onset_path: 'The path of the onset frame (`frames[onset]`).',
  apex_path: 'The path of the apex frame (`frames[apex]`), null when the apex is unknown.',
  offset_path: 'The path of the offset frame (`frames[offset]`).',
  source_onset: 'source_frames.onset',
  source_apex: 'source_frames.apex',
  source_offset: 'source_frames.offset',
  source_directory: 'source.directory',
  source_sheet: 'source.sheet',
  source_sheet_name: 'source.sheet_name',
  source_row: 'source.row',
  video_path: 'video.path',
  video_start_time: 'video.start_time',
  video_end_time: 'video.end_time',
  aus: '`aus` as JSON text.',
  extra: '`extra` as JSON text.',
  frames: '`frames`: a list of strings in Parquet, JSON text in CSV.',
};

export function flatColumnDocs(): FieldDoc[] {
  const sample = new Map(
    schemaFields(jsonSchemas()['sample.schema.json'] as JsonNode).map((f) => [f.path, f.description]),
  );
  return FLAT_COLUMNS.map(([name, type, nullable]) => {
    const origin = FLAT_ORIGIN[name];
    const fromSample = sample.get(origin ?? name);
    const description = fromSample ?? origin;
    if (!description)
      throw new Error(`manifest column ${name} has no description (src/schema/format-doc.ts)`);
    return { path: name, type: nullable ? `${type} or null` : type, required: true, description };
  });
}

/** splits-<protocol>.json and .csv (src/protocols/splits.ts), which have no zod schema. */
export const SPLITS_JSON_FIELDS: readonly FieldDoc[] = [
  {
    path: 'protocol',
    type: '"loso", "lodo", "kfold", "cross" or "megc2019"',
    required: true,
    description: 'The protocol.',
  },
  {
    path: 'options',
    type: 'object',
    required: true,
    description: "The protocol's own options: k, seed, train and test datasets (null where unused).",
  },
  {
    path: 'seed',
    type: 'integer or null',
    required: true,
    description: 'kfold: the seed of the assignment.',
  },
  { path: 'samples', type: 'integer', required: true, description: 'Samples split.' },
  {
    path: 'subjects',
    type: 'integer',
    required: true,
    description: 'Distinct persons (`<population>/<person>`).',
  },
  { path: 'kind', type: '"micro", "macro" or "all"', required: true, description: 'The kinds split.' },
  {
    path: 'include_unlabelled',
    type: 'boolean',
    required: true,
    description: 'Whether unlabelled samples were split too (default: labelled only).',
  },
  {
    path: 'input',
    type: 'object',
    required: true,
    description:
      'The manifest split (`manifest`) and the sha256 of its bytes (`sha256`): the split holds for it only.',
  },
  {
    path: 'warnings',
    type: 'string[]',
    required: true,
    description: 'Folds whose test side has no labelled sample or lacks a class.',
  },
  { path: 'folds', type: 'object[]', required: true, description: 'The folds.' },
  { path: 'folds[].fold', type: 'integer', required: true, description: '0-based fold number.' },
  {
    path: 'folds[].name',
    type: 'string',
    required: true,
    description:
      'What is held out: persons (loso, megc2019), a dataset (lodo), fold-N (kfold), the test datasets (cross).',
  },
  {
    path: 'folds[].test_subjects',
    type: 'string[]',
    required: true,
    description: 'Persons on the test side.',
  },
  { path: 'folds[].test', type: 'string[]', required: true, description: 'Sample ids on the test side.' },
  {
    path: 'folds[].train',
    type: 'string[]',
    required: true,
    description: 'Sample ids on the training side.',
  },
  {
    path: 'folds[].withheld',
    type: 'string[]',
    required: true,
    description:
      "lodo: other datasets' samples left out of training because they share a person or event with the test side.",
  },
];

export const SPLITS_CSV_COLUMNS: readonly FieldDoc[] = [
  { path: 'id', type: 'string', required: true, description: 'The sample id.' },
  { path: 'dataset', type: 'string', required: true, description: 'The dataset id.' },
  { path: 'subject', type: 'string', required: true, description: 'The person, `<population>/<person>`.' },
  {
    path: 'event',
    type: 'string',
    required: true,
    description: 'The movement (the sample id when it alone records it).',
  },
  { path: 'kind', type: 'string', required: true, description: 'micro or macro.' },
  { path: 'label', type: 'string', required: true, description: 'The label (empty when null).' },
  { path: 'fold', type: 'integer', required: true, description: 'The fold in which the sample is tested.' },
  {
    path: 'fold_name',
    type: 'string',
    required: true,
    description: "That fold's held-out persons or datasets.",
  },
];

function table(fields: readonly FieldDoc[], requiredColumn: boolean): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const head = requiredColumn
    ? '| field | type | required | meaning |\n| --- | --- | --- | --- |'
    : '| column | type | meaning |\n| --- | --- | --- |';
  const rows = fields.map((f) => {
    const description = f.description;
    if (!description) throw new Error(`field ${f.path} has no description: add .describe() in src/schema/`);
    return requiredColumn
      ? `| \`${f.path}\` | ${cell(f.type)} | ${f.required ? 'yes' : 'no'} | ${cell(description)} |`
      : `| \`${f.path}\` | ${cell(f.type)} | ${cell(description)} |`;
  });
  return [head, ...rows].join('\n');
}

export function renderOutputFormatDoc(): string {
  const schemas = jsonSchemas();
  const fields = (name: string) => schemaFields(schemas[name] as JsonNode);
  return `<!-- Generated from src/schema by \`npm run schema\`; do not edit by hand (a test fails when stale). -->
# Output format

What \`me-unify convert\` and \`me-unify combine\` write, field by field. The JSON Schema files in
\`schemas/\` are generated from the same zod schemas (\`src/schema/\`), which are the single source of
truth. Paths inside an output are relative to the output folder, with \`/\` separators.

\`\`\`
out/
  manifest.jsonl     one sample per line (the reference format)
  manifest.csv       the same samples as a flat table
  manifest.parquet   the same flat table in Parquet
  dataset.json       what was converted, how, and counts
  report.json        every issue found
  frames/            with --frames copy|process (none: paths point at the source frames)
\`\`\`

\`me-unify splits\` writes \`splits-<protocol>.json\` and \`splits-<protocol>.csv\` next to them.

## manifest.jsonl

One JSON object per line, one line per sample. "required" means the key is always present; its
value may still be null where the type says so.

${table(fields('sample.schema.json'), true)}

## manifest.csv and manifest.parquet

One row per sample, columns in this order. Nested fields become columns; \`aus\` and \`extra\` are
JSON text. In CSV an empty cell is null. Reading \`manifest.parquet\` with pandas needs pyarrow (or
fastparquet).

${table(flatColumnDocs(), false)}

## dataset.json

${table(fields('dataset.schema.json'), true)}

## report.json

${table(fields('report.schema.json'), true)}

## splits-&lt;protocol&gt;.json

Every sample is on the test side of exactly one fold; a subject (or, for lodo, a dataset) is never
on both sides of a fold.

${table(SPLITS_JSON_FIELDS, true)}

## splits-&lt;protocol&gt;.csv

One row per sample.

${table(SPLITS_CSV_COLUMNS, false)}
`;
}
