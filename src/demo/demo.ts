import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type ConvertResult, convert } from '../convert/convert.js';
import { makeCasme2 } from '../fixtures/casme2.js';
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
  return { dir: base, conversions };
}
