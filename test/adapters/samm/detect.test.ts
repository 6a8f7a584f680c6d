import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../../fixtures/casme2.js';
import { makeSamm } from '../../../fixtures/samm.js';
import { makeSammLv } from '../../../fixtures/samm-lv.js';
import { makeSmic } from '../../../fixtures/smic.js';
import { detect } from '../../../src/adapters/detect.js';
import { samm } from '../../../src/adapters/samm/index.js';
import { sammLv } from '../../../src/adapters/samm-lv/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

let base: string;
const at = (...p: string[]) => path.join(base, ...p);

beforeAll(async () => {
  base = await tempDir('me-unify-samm-detect-');
  // one download folder holding both releases, each in its real layout
  await makeSamm({ root: at('both', 'SAMM') });
  await makeSammLv({ root: at('both'), microSheet: false });
  await makeSammLv({ root: at('lv-with-micro'), microSheet: true });
  await makeSamm({ root: at('frames-only', 'SAMM'), noSheet: true });
  await makeCasme2({ root: at('casme2') });
  await makeSmic({ root: at('smic') });
  // unrelated: 3-digit folders of photos, a spreadsheet with another header
  await mkdir(at('unrelated', '123', 'holiday'), { recursive: true });
  await writeFile(at('unrelated', '123', 'holiday', 'img_0001.jpg'), 'x');
  await mkdir(at('unrelated', '001_2'), { recursive: true });
}, 60_000);

const confidence = async (root: string) => {
  const all = (await detect(root)).all;
  return Object.fromEntries(all.map((d) => [d.adapter, d.confidence]));
};

describe('detecting SAMM and SAMM-LV', () => {
  it('names samm for a SAMM folder and for the folder above it, with the dataset root found', async () => {
    const inside = await detect(at('both', 'SAMM'));
    expect(inside.best?.adapter).toBe('samm');
    expect(inside.best?.confidence).toBe('high');
    expect(inside.best?.evidence.join(' ')).toContain('SAMM_Micro_FACS_Codes_v2.xlsx');
    const lv = await sammLv.detect(at('both', 'SAMM'));
    expect(lv.confidence).toBe('none');
    expect(lv.reason).toMatch(/SAMM_longvideos/);
  });

  it('names samm-lv for long videos, even with the micro sheet beside them', async () => {
    const result = await detect(at('lv-with-micro'));
    expect(result.best?.adapter).toBe('samm-lv');
    expect(result.best?.confidence).toBe('high');
    expect((await samm.detect(at('lv-with-micro'))).confidence).toBe('low');
  });

  it('a folder holding both releases is ambiguous and asks for --format', async () => {
    const result = await detect(at('both'));
    expect(result.best).toBeNull();
    expect(result.ambiguous.map((d) => d.adapter).sort()).toEqual(['samm', 'samm-lv']);
    const cli = await runCli(['convert', at('both'), '-o', at('out-both'), '--frames', 'none']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--format');
    const chosen = await runCli([
      'convert',
      at('both'),
      '-o',
      at('out-both'),
      '--frames',
      'none',
      '--format',
      'samm',
    ]);
    expect(chosen.code).toBe(0);
  });

  it('frames without the sheet are SAMM at medium confidence; convert explains the missing sheet', async () => {
    expect((await detect(at('frames-only'))).best).toMatchObject({ adapter: 'samm', confidence: 'medium' });
    const cli = await runCli(['convert', at('frames-only'), '-o', at('out-frames-only')]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('SAMM_Micro_FACS_Codes_v2.xlsx');
  });

  it('does not claim CASME II, SMIC or unrelated folders, and they do not claim SAMM', async () => {
    for (const other of ['casme2', 'smic', 'unrelated']) {
      const c = await confidence(at(other));
      expect(c.samm).toBe('none');
      expect(c['samm-lv']).toBe('none');
    }
    expect((await detect(at('casme2'))).best?.adapter).toBe('casme2');
    expect((await detect(at('smic'))).best?.adapter).toBe('smic');
    const s = await confidence(at('both', 'SAMM'));
    expect([s.casme2, s.smic]).toEqual(['none', 'none']);
    const l = await confidence(at('lv-with-micro'));
    expect([l.casme2, l.smic]).toEqual(['none', 'none']);
  });
});
