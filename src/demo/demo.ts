import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeFourDme } from '../../fixtures/4dme.js';
import { makeCasmeSq } from '../../fixtures/casme-sq.js';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { makeCasme3 } from '../../fixtures/casme3.js';
import { DEMO_FACE_FRAME } from '../../fixtures/frames.js';
import { makeMmew } from '../../fixtures/mmew.js';
import { makeMmme } from '../../fixtures/mmme.js';
import { makeSamm } from '../../fixtures/samm.js';
import { makeSammLv } from '../../fixtures/samm-lv.js';
import { makeSmic } from '../../fixtures/smic.js';
import { type CombineResult, combine } from '../combine/combine.js';
import { type ConvertResult, convert } from '../convert/convert.js';
import { type SplitsResult, writeSplits } from '../protocols/write-splits.js';
import { validate } from '../validate/validate.js';

export interface DemoResult {
  dir: string;
  conversions: { dataset: string; source: string; result: ConvertResult; valid: boolean }[];
  /** CASME II + SAMM + SMIC-HS combined under the MEGC 2019 protocol (442 samples). */
  composite: { result: CombineResult; valid: boolean };
  /** SAMM + SAMM-LV combined (one subject per person) and leak-free splits (docs: README, Evaluation protocols). */
  evaluation: {
    variants: { result: CombineResult; valid: boolean };
    splits: { on: string; result: SplitsResult }[];
  };
}

/** Synthetic sources in the real layouts (fixtures/): folder name and builder. */
const SOURCES: { dataset: string; folder: string; make: (root: string) => Promise<unknown> }[] = [
  // the composite's three datasets show drawn faces, so `me-unify flow --recipe mean42` finds them
  {
    dataset: 'casme2',
    folder: 'CASME2',
    make: (root) => makeCasme2({ root, sheet: '20140508', frameStyle: DEMO_FACE_FRAME }),
  },
  {
    dataset: 'samm',
    folder: 'SAMM',
    make: (root) => makeSamm({ root, frameStyle: { ...DEMO_FACE_FRAME, channels: 1 } }),
  },
  // emotions merged from the SAMM micro sheet placed beside the long videos
  { dataset: 'samm-lv', folder: 'SAMM-LV', make: (root) => makeSammLv({ root, microSheet: true }) },
  // 164 clips of BMP frames, decoded and written as PNG by --frames copy
  {
    dataset: 'smic',
    folder: 'SMIC',
    make: (root) => makeSmic({ root, subsets: ['hs'], width: 64, height: 64, face: true }),
  },
  // a few rows of 3 participants; frames decoded from the trial videos
  {
    dataset: 'mmme',
    folder: 'MMME',
    make: (root) => makeMmme({ root, participants: 3, rowsPerParticipant: 4, physio: true }),
  },
  // CAS(ME)²: 10 rows of 3 subjects in 40-frame long videos, the release's quirks reported
  { dataset: 'casme-sq', folder: 'CASME_sq', make: (root) => makeCasmeSq({ root }) },
  // CAS(ME)^3: text-cell label sheet, several MEs per task video, a dropped frame, macro rows, Part C
  { dataset: 'casme3', folder: 'CASME3', make: (root) => makeCasme3({ root, spotting: true, partC: true }) },
  // 8 clips, others stored in repression/, AU side suffixes
  { dataset: 'mmew', folder: 'MMEW_Final', make: (root) => makeMmew({ root }) },
  // 6 clips, apostrophe headers, (k) static AUs, the extras sheet
  { dataset: '4dme', folder: '4DME', make: (root) => makeFourDme({ root, apostrophes: true, extras: true }) },
];

/**
 * Builds synthetic datasets in their real layouts, converts and validates each, then combines
 * CASME II, SAMM and SMIC into the MEGC 2019 composite: the main job, without licensed data.
 */
export async function demo(dir?: string): Promise<DemoResult> {
  const base = path.resolve(dir ?? (await mkdtemp(path.join(os.tmpdir(), 'me-unify-demo-'))));
  const conversions: DemoResult['conversions'] = [];
  for (const { dataset, folder, make } of SOURCES) {
    const source = path.join(base, 'sources', folder);
    await make(source);
    const out = path.join(base, 'out', dataset);
    const result = await convert({ root: source, out, labels: 'megc2019', frames: 'copy', overwrite: true });
    conversions.push({ dataset, source, result, valid: (await validate(out)).ok });
  }
  const compositeOut = path.join(base, 'out', 'megc2019');
  const result = await combine({
    inputs: ['casme2', 'samm', 'smic'].map((d) => path.join(base, 'out', d)),
    out: compositeOut,
    protocol: 'megc2019',
    overwrite: true,
  });
  const composite = { result, valid: (await validate(compositeOut)).ok };
  return { dir: base, conversions, composite, evaluation: await evaluation(base, compositeOut) };
}

/**
 * The evaluation a researcher runs next: SAMM with SAMM-LV (the same people and, for micro rows,
 * the same movements) in one output, then LOSO over it and k-fold and cross-dataset splits over the
 * composite. writeSplits refuses any fold with a person or an event on both sides.
 */
async function evaluation(base: string, compositeOut: string): Promise<DemoResult['evaluation']> {
  const variantsOut = path.join(base, 'out', 'samm-all');
  const variants = await combine({
    inputs: ['samm', 'samm-lv'].map((d) => path.join(base, 'out', d)),
    out: variantsOut,
    overwrite: true,
  });
  const splits = [
    { on: variantsOut, result: await writeSplits(variantsOut, 'loso') },
    { on: compositeOut, result: await writeSplits(compositeOut, 'kfold', { k: 5, seed: 0 }) },
    {
      on: compositeOut,
      result: await writeSplits(compositeOut, 'cross', { train: ['casme2'], test: ['samm', 'smic'] }),
    },
  ];
  return { variants: { result: variants, valid: (await validate(variantsOut)).ok }, splits };
}
