import { readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpegPalette } from '../../fixtures/frames.js';
import { combine } from '../../src/combine/combine.js';
import { readManifest } from '../../src/manifest/read.js';
import { validate } from '../../src/validate/validate.js';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

describe('combine', () => {
  let base: string;
  let a: string;
  let b: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    base = await tempDir();
    jpeg = (await jpegPalette(undefined, 1))[0] as Buffer;
    a = path.join(base, 'in', 'casme2');
    b = path.join(base, 'in', 'other');
    await writeOutput(
      a,
      [
        makeSample('casme2', 'sub01', 'EP02_01f', { label: 'happiness' }),
        makeSample('casme2', 'sub02', 'EP03_02f'),
      ],
      { writeFrames: jpeg },
    );
    // a hand-made manifest whose subjects and ids carry no dataset namespace
    await writeOutput(
      b,
      [
        makeSample('mmew', 'sub01', 'S01-01-001', {
          id: 'sub01/S01-01-001',
          subject: 'sub01',
          emotion: 'others',
        }),
      ],
      { writeFrames: jpeg },
    );
  });

  it('namespaces subjects and ids so two datasets’ sub01 stay apart; the copy is valid and relocatable', async () => {
    const out = path.join(base, 'copy');
    const r = await combine({ inputs: [a, b], out });
    expect(r.info.frames).toMatchObject({ mode: 'copy', root: 'frames' });
    expect(r.samples.map((s) => [s.id, s.subject])).toEqual([
      ['casme2/sub01/EP02_01f', 'casme2/sub01'],
      ['casme2/sub02/EP03_02f', 'casme2/sub02'],
      ['mmew/sub01/S01-01-001', 'mmew/sub01'],
    ]);
    expect(r.info.counts.subjects).toBe(3);
    expect(r.info.datasets.map((d) => [d.id, d.details.combined_from])).toEqual([
      ['casme2', '../in/casme2'],
      ['mmew', '../in/other'],
    ]);
    for (const f of ['manifest.jsonl', 'manifest.csv', 'manifest.parquet', 'dataset.json', 'report.json'])
      expect((await stat(path.join(out, f))).isFile()).toBe(true);
    expect((await validate(out)).ok).toBe(true);
    const moved = path.join(base, 'elsewhere', 'moved');
    await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(moved), { recursive: true }));
    await rename(out, moved);
    const after = await validate(moved);
    expect(after.report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect((await readManifest(moved))[0]?.frames[0]).toBe('frames/casme2/sub01/EP02_01f/000000.jpg');
  });

  it('reference mode points into the inputs and stays valid', async () => {
    const out = path.join(base, 'ref');
    const r = await combine({ inputs: [a, b], out, frames: 'reference' });
    expect(r.samples[0]?.frames[0]).toBe('../in/casme2/frames/casme2/sub01/EP02_01f/img1.jpg');
    expect(r.info.frames.root).toBe('../in');
    const v = await validate(out);
    expect(v.report.issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('warns when inputs used different label profiles, and --labels relabels from the emotion', async () => {
    const c = path.join(base, 'in', 'c');
    await writeOutput(
      c,
      [
        makeSample('samm', '006', '006_1_2', {
          emotion: 'Anger',
          label: 'negative',
          label_profile: 'megc2019',
        }),
      ],
      { writeFrames: jpeg },
    ); // combine refuses an input whose frames are missing
    const mixed = await combine({ inputs: [a, c], out: path.join(base, 'mixed'), frames: 'reference' });
    expect(mixed.info.label_profile.name).toBe('mixed');
    expect(mixed.report.issues.map((i) => i.code)).toContain('combine.mixed-profiles');
    const relabelled = await combine({
      inputs: [a, c],
      out: path.join(base, 'relabelled'),
      frames: 'reference',
      labels: '4class',
    });
    expect(relabelled.samples.map((s) => s.label)).toEqual(['positive', 'positive', 'negative']);
    expect(relabelled.info.label_profile).toEqual({
      name: '4class',
      classes: ['negative', 'positive', 'surprise', 'others'],
    });
  });

  it('refuses the same sample from two inputs, naming both manifests (exit 1)', async () => {
    const r = await runCli(['combine', a, a, '-o', path.join(base, 'dup')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /sample casme2\/sub01\/EP02_01f is in both .*manifest\.jsonl and .*manifest\.jsonl/,
    );
  });

  it('refuses an output inside an input (exit 2) and a missing input naming it', async () => {
    const inside = await runCli(['combine', a, b, '-o', path.join(b, 'nested')]);
    expect(inside.code).toBe(2);
    const missing = await runCli(['combine', path.join(base, 'nope'), '-o', path.join(base, 'x')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope: no such file or folder');
  });

  it('writes a composite manifest.csv with one row per sample', async () => {
    const out = path.join(base, 'csv');
    await runCli(['combine', a, b, '-o', out]);
    const lines = (await readFile(path.join(out, 'manifest.csv'), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]?.startsWith('id,dataset,subset,subject,clip')).toBe(true);
  });
});
