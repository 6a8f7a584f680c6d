import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCasme3 } from '../../../fixtures/casme3.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

describe('me-unify spots on a CAS(ME)^3 conversion (extra.video = the task video, docs/datasets-more.md §6.1)', () => {
  it('writes micro and macro ground truth per task video; an offset-0 row is listed as unknown, not guessed', async () => {
    const base = await tempDir();
    const root = path.join(base, 'CASME3');
    await makeCasme3({ root, spotting: true, badRows: true });
    const out = path.join(base, 'out');
    // two §2.7 rows cannot be located: --on-error skip converts the rest
    const converted = await runCli(['convert', root, '-o', out, '--frames', 'none', '--on-error', 'skip']);
    expect(converted.code, converted.stderr).toBe(0);
    const r = await runCli(['spots', out]);
    expect(r.code, r.stderr).toBe(0);
    const lines = (await readFile(path.join(out, 'spots.csv'), 'utf8')).trim().split('\n');
    expect(lines).toContain('A/spNO.1_a,5,12,me');
    expect(lines).toContain('A/spNO.1_a,15,25,me');
    expect(lines).toContain('A/spNO.1_a,30,38,mae');
    expect(lines).toContain('A/spNO.10_b,20,28,mae');
    expect(lines.some((l) => l.startsWith('A/spNO.40_e,'))).toBe(false);
    const gt = JSON.parse(await readFile(path.join(out, 'spots.json'), 'utf8')) as {
      unknown: { sample: string }[];
    };
    expect(gt.unknown.map((u) => u.sample).sort()).toEqual([
      'casme3/spNO.40/spNO.40_e_30',
      'casme3/spNO.40/spNO.40_e_60',
    ]);
  });
});
