import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ConvertResult, convert } from '../convert/convert.js';
import { makeCasme2 } from '../fixtures/casme2.js';
import { makeMmme } from '../fixtures/mmme.js';
import { makeSamm } from '../fixtures/samm.js';
import { makeSammLv } from '../fixtures/samm-lv.js';
import { makeSmic } from '../fixtures/smic.js';
import { validate } from '../validate/validate.js';

export interface DemoResult {
  dir: string;
  conversions: { dataset: string; source: string; result: ConvertResult; valid: boolean }[];
}

/** Builds synthetic datasets in their real layouts and converts them: the main job, without licensed data. */
export async function demo(dir?: string): Promise<DemoResult> {
  const base = path.resolve(dir ?? (await mkdtemp(path.join(os.tmpdir(), 'me-unify-demo-'))));
  const conversions: DemoResult['conversions'] = [];
  const source = path.join(base, 'sources', 'CASME2');
  await makeCasme2({ root: source, sheet: '20140508', layouts: ['raw-selected'] });
  const out = path.join(base, 'out', 'casme2');
  const result = await convert({ root: source, out, labels: 'megc2019', frames: 'copy', overwrite: true });
  conversions.push({ dataset: 'casme2', source, result, valid: (await validate(out)).ok });
  const sammSource = path.join(base, 'sources', 'SAMM');
  await makeSamm({ root: sammSource });
  const sammLvSource = path.join(base, 'sources', 'SAMM-LV');
  await makeSammLv({ root: sammLvSource, microSheet: true });
  for (const [dataset, root] of [
    ['samm', sammSource],
    ['samm-lv', sammLvSource],
  ] as const) {
    const target = path.join(base, 'out', dataset);
    const converted = await convert({
      root,
      out: target,
      labels: 'megc2019',
      frames: 'copy',
      overwrite: true,
    });
    conversions.push({ dataset, source: root, result: converted, valid: (await validate(target)).ok });
  }
  // MMME: a few rows of 3 participants, frames decoded from the trial videos
  const mmmeSource = path.join(base, 'sources', 'MMME');
  await makeMmme({ root: mmmeSource, participants: 3, rowsPerParticipant: 4, physio: true });
  const mmmeOut = path.join(base, 'out', 'mmme');
  const mmmeResult = await convert({
    root: mmmeSource,
    out: mmmeOut,
    labels: 'megc2019',
    frames: 'copy',
    overwrite: true,
  });
  conversions.push({
    dataset: 'mmme',
    source: mmmeSource,
    result: mmmeResult,
    valid: (await validate(mmmeOut)).ok,
  });
  // SMIC-HS: 164 clips of BMP frames (decoded and written as PNG by --frames copy)
  const smicSource = path.join(base, 'sources', 'SMIC');
  await makeSmic({ root: smicSource, subsets: ['hs'] });
  const smicOut = path.join(base, 'out', 'smic');
  const smicResult = await convert({
    root: smicSource,
    out: smicOut,
    labels: 'megc2019',
    frames: 'copy',
    overwrite: true,
  });
  conversions.push({
    dataset: 'smic',
    source: smicSource,
    result: smicResult,
    valid: (await validate(smicOut)).ok,
  });
  return { dir: base, conversions };
}
