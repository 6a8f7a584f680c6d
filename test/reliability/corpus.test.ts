import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { BASE_CASES } from './cases/base.js';
import { COMBINE_VALIDATE_CASES } from './cases/combine-validate.js';
import { INPUT_CASES } from './cases/input.js';
import { OUTPUT_CASES } from './cases/output.js';
import { type Case, custom, loadCorpusFixtures, manifestIds, watchOutput } from './corpus-harness.js';
import { treeDigest } from './tree-hash.js';

/** Every case list of the bad-input corpus; each `cases/*.ts` file adds one. */
const CASES: Case[] = [...BASE_CASES, ...COMBINE_VALIDATE_CASES, ...INPUT_CASES, ...OUTPUT_CASES];

describe('bad-input corpus', () => {
  let base: string;
  beforeAll(async () => {
    base = await tempDir('me-unify-corpus-');
    await loadCorpusFixtures();
  });

  it('has at least 100 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
  });

  CASES.forEach((c, i) => {
    it(`${c.name}: exit ${c.code}, names the problem, source unchanged`, async () => {
      const dir = path.join(base, String(i));
      const { args, source, output } = await c.setup(dir);
      const before = await treeDigest(source);
      const watch = output ? await watchOutput(dir, output) : null;
      const run = await runCli(args);
      const printed = `${run.stdout}\n${run.stderr}`;
      expect(run.code, printed).toBe(c.code);
      for (const m of c.messages) {
        if (typeof m === 'string') expect(printed).toContain(m);
        else expect(printed).toMatch(m);
      }
      expect(printed).not.toMatch(/\n\s+at .+:\d+:\d+\)?$/m); // no stack trace without --debug
      expect(await treeDigest(source)).toBe(before);
      await watch?.check(run.code);
      await c.after?.(dir, printed);
    });
  });

  it('a successful custom conversion writes every sample with its annotated frames', async () => {
    const dir = path.join(base, 'ok');
    const { root, config, out } = await custom(dir);
    const run = await runCli(['convert', root, '-o', out, '--format', 'custom', '--config', config]);
    expect(run.code).toBe(0);
    expect(await manifestIds(out)).toEqual([
      'mylab/s01/c1',
      'mylab/s01/c2',
      'mylab/s02/c1',
      'mylab/s02/c2',
      'mylab/s03/c1',
      'mylab/s03/c2',
    ]);
    const first = JSON.parse(
      (await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).split('\n')[0] as string,
    );
    expect(first).toMatchObject({
      subject: 'mylab/s01',
      fps: 100,
      frame_count: 4,
      onset: 0,
      apex: 2,
      offset: 3,
      source_frames: { onset: 2, apex: 4, offset: 5 },
      apex_source: 'annotated',
      emotion: 'happiness',
      aus_raw: '4+L10',
    });
    expect(first.frames[0]).toMatch(/frames\/s01\/c1\/img0002\.jpg$/);
    expect((await runCli(['validate', out])).code).toBe(0);
  });
});
