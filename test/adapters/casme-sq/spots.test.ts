import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CasmeSqRow, makeCasmeSq } from '../../../fixtures/casme-sq.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

let base: string;
let out: string;
let rows: CasmeSqRow[];

beforeAll(async () => {
  base = await tempDir('me-unify-casme-sq-spots-');
  const root = path.join(base, 'CASME_sq');
  ({ rows } = await makeCasmeSq({ root }));
  out = path.join(base, 'out');
  const converted = await runCli(['convert', root, '-o', out, '--frames', 'none']);
  expect(converted.code, converted.stderr).toBe(0);
}, 60_000);

const csvLines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n');
const videoOf = (r: CasmeSqRow) => `${r.folder.slice(1)}_${r.code}`;

describe('me-unify spots on a CAS(ME)² conversion (docs/datasets-more.md §6.1)', () => {
  it('writes one record per expression with both ends annotated, in the long video’s frame numbers', async () => {
    const r = await runCli(['spots', out]);
    expect(r.code, r.stderr).toBe(0);
    const annotated = rows.filter((row) => row.offset !== 0);
    const unknown = rows.filter((row) => row.offset === 0);
    expect(unknown.length).toBeGreaterThan(0);
    const [header, ...body] = await csvLines(path.join(out, 'spots.csv'));
    expect(header).toBe('vid,onset,offset,type');
    const expected = annotated.map(
      (row) => `${videoOf(row)},${row.onset},${row.offset},${row.type === 'micro-expression' ? 'me' : 'mae'}`,
    );
    // overlapping intervals and the shared-onset pair are all there, not merged
    expect([...body].sort()).toEqual(expected.sort());
    const json = JSON.parse(await readFile(path.join(out, 'spots.json'), 'utf8'));
    expect(json.unknown.map((u: { sample: string }) => u.sample)).toEqual(
      unknown.map((row) => `casme-sq/${row.folder}/${row.video}`),
    );
    expect(json.videos).toHaveLength(new Set(annotated.map(videoOf)).size);
  });

  it('scores its own ground truth as perfect', async () => {
    await runCli(['spots', out, '-o', path.join(base, 'gt')]);
    const r = await runCli(['score-spots', path.join(base, 'gt.csv'), '--on', out]);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(await readFile(path.join(base, 'gt-score.json'), 'utf8'));
    const cas = summary.datasets.find((d: { dataset: string }) => d.dataset === 'casme-sq');
    expect(cas.overall).toMatchObject({ fp: 0, fn: 0, f1: 1 });
  });
});
