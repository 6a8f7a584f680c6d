import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../../fixtures/casme2.js';
import { makeMmme } from '../../../fixtures/mmme.js';
import { makeSamm } from '../../../fixtures/samm.js';
import { makeSmic } from '../../../fixtures/smic.js';
import { mmme } from '../../../src/adapters/mmme/index.js';
import { ADAPTERS } from '../../../src/adapters/registry.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { namesIn } from './helpers.js';

describe('MMME detection', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await makeMmme({ root: path.join(dir, 'MMME'), participants: 2, rowsPerParticipant: 2 });
    await makeMmme({
      root: path.join(dir, 'annotator'),
      participants: 1,
      rowsPerParticipant: 1,
      sheetFile: 'coding_file_wanglaoshi.xlsx',
    });
    await makeCasme2({ root: path.join(dir, 'CASME2'), layouts: ['raw-selected'] });
    await makeSamm({ root: path.join(dir, 'SAMM') });
    await makeSmic({ root: path.join(dir, 'SMIC') });
  }, 120_000);

  it('claims a folder with the coding sheet and trial media, with the evidence', async () => {
    const run = await runCli(['detect', path.join(dir, 'MMME')]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('mmme');
    const d = await mmme.detect(path.join(dir, 'MMME'));
    expect(d.confidence).toBe('high');
    expect(d.evidence.join(' ')).toMatch(/coding_file\.xlsx with the MMME header/);
    expect(namesIn(run.stdout + run.stderr + d.evidence.join(' '))).toEqual([]);
  });

  it('does not print an annotator’s name from coding_file_<name>.xlsx', async () => {
    const d = await mmme.detect(path.join(dir, 'annotator'));
    expect(d.confidence).toBe('high');
    expect(d.evidence.join(' ')).toContain('coding_file_annotator.xlsx');
    expect(d.evidence.join(' ')).not.toContain('wanglaoshi');
  });

  it.each(['CASME2', 'SAMM', 'SMIC'])('does not claim the %s fixture', async (name) => {
    const d = await mmme.detect(path.join(dir, name));
    expect(d.confidence).toBe('none');
    expect(d.reason).toMatch(/no MMME coding sheet/);
  });

  it('is claimed by no other adapter', async () => {
    for (const adapter of ADAPTERS.filter((a) => a.id !== 'mmme' && !a.explicitOnly)) {
      const d = await adapter.detect(path.join(dir, 'MMME'));
      expect(d.confidence, adapter.id).toBe('none');
    }
  });
});
