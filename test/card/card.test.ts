import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { makeSmic } from '../../fixtures/smic.js';
import { convert } from '../../src/convert/convert.js';
import { plural } from '../../src/issues/plural.js';
import { readManifest } from '../../src/manifest/read.js';
import { tempDir } from '../helpers/tmp.js';

describe('the dataset card (README.md next to manifest.jsonl)', () => {
  let casme2: string;
  let casme2Out: string;
  let smic: string;
  beforeAll(async () => {
    const dir = await tempDir('me-unify-card-');
    const c = await makeCasme2({ root: path.join(dir, 'CASME2') });
    casme2Out = path.join(dir, 'casme2');
    await convert({ root: c.root, out: casme2Out, labels: 'megc2019' });
    casme2 = await readFile(path.join(dir, 'casme2', 'README.md'), 'utf8');
    const s = await makeSmic({ root: path.join(dir, 'SMIC') });
    await convert({ root: s.root, out: path.join(dir, 'smic'), labels: 'megc2019' });
    smic = await readFile(path.join(dir, 'smic', 'README.md'), 'utf8');
  }, 120_000);

  it('names the sheet with its version and sha256, and the options', async () => {
    expect(casme2).toMatch(
      /\| casme2 \| [^|]* \| CASME2-coding-20140508\.xlsx \| casme2-coding-20140508 \| 255 \| `[0-9a-f]{64}` \|/,
    );
    expect(casme2).toContain('"labels": "megc2019"');
  });

  it('counts per dataset and kind, per label, and gives the class ids of the profile', () => {
    expect(casme2).toMatch(/^\| casme2 \| micro \| \d+ \|$/m);
    expect(casme2).toContain('- 0: negative\n- 1: positive\n- 2: surprise');
    expect(casme2).toMatch(/^\| negative \| \d+ \|$/m);
  });

  it('lists the issues found and the citations the licences ask for', () => {
    expect(casme2).toMatch(/\d+ errors?, \d+ warnings?, \d+ notes?/);
    expect(casme2).toContain('CASME II: An Improved Spontaneous Micro-Expression Database');
    expect(smic).toContain('required by the SMIC licence');
    expect(smic).toContain('A Spontaneous Micro-expression Database: Inducement, Collection and Baseline');
    expect(smic).toContain('only from subjects 01, 03, 04, 06 and 20');
    expect(casme2).not.toContain('SMIC licence');
  });

  it('writes label_id (class index under the profile) beside label in every manifest format', async () => {
    const classes = ['negative', 'positive', 'surprise'];
    const rows = (await readManifest(casme2Out)).map((s) => [s.label, s.label_id]);
    expect(rows.length).toBeGreaterThan(0);
    for (const [label, id] of rows) expect(id).toBe(label === null ? null : classes.indexOf(label as string));
    const csv =
      (await readFile(path.join(casme2Out, 'manifest.csv'), 'utf8')).split('\n')[0]?.split(',') ?? [];
    expect(csv.indexOf('label_id')).toBe(csv.indexOf('label') + 1);
    const parquet = await parquetReadObjects({
      file: (await readFile(path.join(casme2Out, 'manifest.parquet'))).buffer as ArrayBuffer,
      columns: ['label', 'label_id'],
    });
    expect(parquet.map((r) => [r.label, r.label_id === null ? null : Number(r.label_id)])).toEqual(rows);
  });

  it('says "1 sample", never "1 samples"', () => {
    expect(plural(1, 'sample')).toBe('1 sample');
    expect(plural(2, 'sample')).toBe('2 samples');
    expect(plural(0, 'row or clip', 'rows or clips')).toBe('0 rows or clips');
  });
});
