import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSamm } from '../../fixtures/samm.js';
import { loadErrata } from '../../src/errata/load.js';
import type { Issue } from '../../src/schema/issue.js';
import { type Sample, SampleSchema } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let base: string;
let typos: string;

beforeAll(async () => {
  base = await tempDir('me-unify-errata-');
  typos = path.join(base, 'SAMM');
  // the copy with apex 1143 (028_4_1) and 1930 (032_3_1), docs/datasets.md §2.3
  await makeSamm({ root: typos, variant: 'v2-apex-typos' });
}, 60_000);

async function convertWith(name: string, extra: string[]) {
  const out = path.join(base, name);
  const run = await runCli(['convert', typos, '-o', out, ...extra]);
  const samples = (await readFile(path.join(out, 'manifest.jsonl'), 'utf8'))
    .trim()
    .split('\n')
    .map((l) => SampleSchema.parse(JSON.parse(l)));
  const info = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
  const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as { issues: Issue[] };
  return { run, out, samples, info, issues: report.issues };
}
const clip = (samples: Sample[], c: string) => samples.find((s) => s.clip === c) as Sample;

describe('--errata (opt-in corrections of known annotation errors)', () => {
  it('is off by default: the typo apexes stay unknown', async () => {
    const { samples, info } = await convertWith('plain', []);
    expect(clip(samples, '028_4_1')).toMatchObject({ apex: null, apex_source: 'missing' });
    expect(clip(samples, '028_4_1').source_frames.apex).toBe(1143);
    expect(info.datasets[0].errata).toBeUndefined();
  });

  it('the built-in samm-apex-typos list sets the values the other copy carries, reported and recorded', async () => {
    const { run, out, samples, info, issues } = await convertWith('fixed', ['--errata', 'samm-apex-typos']);
    expect(run.code).toBe(0);
    const a = clip(samples, '028_4_1');
    expect(a).toMatchObject({ apex_source: 'errata', source_frames: { apex: 1113 } });
    expect(path.basename(a.frames[a.apex as number] as string)).toMatch(/_0*1113\.jpg$/);
    expect(a.extra.errata).toEqual([
      expect.objectContaining({ list: 'samm-apex-typos', field: 'apex', from: 1143, to: 1113 }),
    ]);
    expect(clip(samples, '032_3_1')).toMatchObject({ apex_source: 'errata', source_frames: { apex: 4930 } });
    const applied = issues.filter((i) => i.code === 'errata.applied');
    expect(applied.map((i) => i.sample).sort()).toEqual([a.id, clip(samples, '032_3_1').id].sort());
    expect(info.datasets[0].errata).toMatchObject({ list: 'samm-apex-typos', sha256: expect.any(String) });
    expect(info.datasets[0].errata.outcomes.map((o: { status: string }) => o.status)).toEqual([
      'applied',
      'applied',
    ]);
    expect(info.options.errata).toBe('samm-apex-typos');
    expect(run.stdout).toContain('errata samm-apex-typos: 2 applied, 0 not applied');
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('a correction whose expected value is not in the sheet, or for other sheets, is not applied and is reported', async () => {
    const file = path.join(base, 'mine.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'mine',
        errata: [
          // the third value circulating for 028_4_1 (docs/datasets.md §2.5.2): this copy holds 1143
          {
            dataset: 'samm',
            clip: '028_4_1',
            field: 'apex',
            expected: 1124,
            value: 1113,
            sheets: 'any',
            citation: 'test',
          },
          {
            dataset: 'samm',
            clip: '032_3_1',
            field: 'apex',
            expected: 1930,
            value: 4930,
            sheets: ['0'.repeat(64)],
            citation: 'test',
          },
        ],
      }),
    );
    const { samples, info, issues } = await convertWith('mismatch', ['--errata', file]);
    expect(clip(samples, '028_4_1').apex_source).toBe('missing');
    expect(clip(samples, '032_3_1').apex_source).toBe('missing');
    const notApplied = issues.filter((i) => i.code === 'errata.not-applied');
    expect(notApplied.map((i) => i.message)).toEqual([
      'mine: 028_4_1 apex → 1113 not applied: the sheet holds 1143, not the expected 1124',
      'mine: 032_3_1 apex → 4930 not applied: the sheet is not one the correction names (sha256)',
    ]);
    expect(notApplied[0]?.severity).toBe('warning');
    expect(info.datasets[0].errata.outcomes.map((o: { status: string }) => o.status)).toEqual([
      'not-applied',
      'not-applied',
    ]);
  });

  it('rejects a list keyed by row number, naming the file and what was expected', async () => {
    const file = path.join(base, 'by-row.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'x',
        errata: [
          { dataset: 'samm', row: 56, field: 'offset', expected: 1, value: 2, sheets: 'any', citation: 'c' },
        ],
      }),
    );
    await expect(loadErrata(file)).rejects.toThrow(/by-row\.json: not a valid errata list: .*clip/);
    const run = await runCli(['convert', typos, '-o', path.join(base, 'bad'), '--errata', 'no-such-list']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--errata 'no-such-list': no such list; expected one of .*samm-apex-typos/);
  });
});
