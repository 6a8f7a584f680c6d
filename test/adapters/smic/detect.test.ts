import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../../fixtures/casme2.js';
import { makeSmic } from '../../../fixtures/smic.js';
import { makeSmicE } from '../../../fixtures/smic-e.js';
import { detect } from '../../../src/adapters/detect.js';
import { smic } from '../../../src/adapters/smic/index.js';
import { smicE } from '../../../src/adapters/smic-e/index.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

let base: string;
let smicRoot: string;
let smicERoot: string;
let casmeRoot: string;
let unrelated: string;

beforeAll(async () => {
  base = await tempDir('me-unify-smic-detect-');
  smicRoot = path.join(base, 'SMIC');
  await makeSmic({ root: smicRoot, nonMicroPerSubject: 0 });
  smicERoot = (await makeSmicE({ root: path.join(base, 'SMIC-E') })).root;
  casmeRoot = path.join(base, 'CASME2');
  await makeCasme2({ root: casmeRoot });
  // an unrelated folder that has an HS/ folder and s1/ folders, but no SMIC structure
  unrelated = path.join(base, 'photos');
  await mkdir(path.join(unrelated, 'HS', 's1', 'holiday'), { recursive: true });
  await mkdir(path.join(unrelated, 'HS_long', 'misc'), { recursive: true });
  await writeFile(path.join(unrelated, 'HS', 's1', 'holiday', 'img1.jpg'), 'x');
});

describe('detection tells SMIC from SMIC-E and from the other datasets', () => {
  it('a SMIC download is smic, with evidence, and not smic-e', async () => {
    const result = await detect(smicRoot);
    expect(result.best?.adapter).toBe('smic');
    expect(result.best?.confidence).toBe('high');
    expect(result.best?.evidence.join('\n')).toContain('164 clips named s<n>_<ne|po|sur>_<NN>');
    expect(result.all.find((d) => d.adapter === 'smic-e')?.confidence).toBe('none');
    expect(result.all.find((d) => d.adapter === 'casme2')?.confidence).toBe('none');
  });

  it('a SMIC-E download is smic-e (from the folder above it too), and not smic', async () => {
    for (const where of [smicERoot, path.dirname(smicERoot)]) {
      const result = await detect(where);
      expect(result.best?.adapter).toBe('smic-e');
      expect(result.best?.confidence).toBe('high');
      expect(result.best?.root).toBe(smicERoot);
      expect(result.best?.evidence.join('\n')).toMatch(/annotation HS_long\/SMIC-HS-E_annotation\.xlsx/);
      expect(result.all.find((d) => d.adapter === 'smic')?.confidence).toBe('none');
    }
  });

  it('neither claims CASME II nor an unrelated folder, and both say why', async () => {
    const casme = await detect(casmeRoot);
    expect(casme.best?.adapter).toBe('casme2');
    for (const dir of [casmeRoot, unrelated]) {
      const s = await smic.detect(dir);
      const e = await smicE.detect(dir);
      expect(s.confidence).toBe('none');
      expect(s.reason).toMatch(/no HS\/, VIS\/ or NIR\/ folder holding s<n>\/micro/);
      expect(e.confidence).toBe('none');
      expect(e.reason).toMatch(/no HS_long\//);
    }
  });

  it('the CLI names the dataset; a folder holding both asks for --format', async () => {
    const a = await runCli(['detect', smicRoot]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/^smic \(confidence high\)/);
    const b = await runCli(['detect', smicERoot]);
    expect(b.stdout).toMatch(/^smic-e \(confidence high\)/);
    const both = path.join(base, 'both');
    await makeSmic({ root: both, nonMicroPerSubject: 0 });
    await makeSmicE({ root: both, missingClips: [] });
    const c = await runCli(['detect', both]);
    expect(c.code).toBe(2);
    expect(c.stderr).toMatch(/several datasets match equally: smic, smic-e/);
    const d = await runCli([
      'convert',
      both,
      '-o',
      path.join(base, 'out-both'),
      '--format',
      'smic-e',
      '--dry-run',
    ]);
    expect(d.code).toBe(0);
  });
});
