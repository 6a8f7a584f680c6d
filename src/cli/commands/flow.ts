import type { Command } from 'commander';
import { checkFlows } from '../../flow/check.js';
import { ENGINES, type EngineParams } from '../../flow/engine.js';
import { FarnebackParams } from '../../flow/farneback-params.js';
import { flowPair } from '../../flow/pair.js';
import { flowDataset } from '../../flow/run.js';
import { Tvl1Params } from '../../flow/tvl1-params.js';
import { usageError } from '../../issues/errors.js';
import { choices, recipeNames } from '../help-values.js';
import type { Io } from '../io.js';
import { progressPrinter } from '../progress.js';

const PARAM_FLAGS: Array<[keyof Tvl1Params, string]> = [
  ['tau', '--tau <n>'],
  ['lambda', '--lambda <n>'],
  ['theta', '--theta <n>'],
  ['nscales', '--nscales <n>'],
  ['warps', '--warps <n>'],
  ['epsilon', '--epsilon <n>'],
  ['innerIterations', '--inner-iterations <n>'],
  ['outerIterations', '--outer-iterations <n>'],
  ['scaleStep', '--scale-step <n>'],
  ['medianFiltering', '--median-filtering <n>'],
];

const FARNEBACK_FLAGS: Array<[Exclude<keyof FarnebackParams, 'gaussian'>, string]> = [
  ['pyrScale', '--pyr-scale <n>'],
  ['levels', '--levels <n>'],
  ['winSize', '--win-size <n>'],
  ['iterations', '--iterations <n>'],
  ['polyN', '--poly-n <n>'],
  ['polySigma', '--poly-sigma <n>'],
];

/** The engine and its parameters from the flags; a flag of the other engine is a usage error. */
function engineParams(o: Record<string, string | string[] | boolean | undefined>): EngineParams {
  const engine = o.engine;
  if (engine !== 'tvl1' && engine !== 'farneback')
    throw usageError(`--engine ${String(engine)}: expected ${ENGINES.join(' or ')}`);
  const pick = (flags: Array<[string, string]>) => {
    const raw: Record<string, number> = {};
    for (const [key] of flags) if (typeof o[key] === 'string') raw[key] = Number(o[key]);
    return raw;
  };
  const [mine, other] = engine === 'tvl1' ? [PARAM_FLAGS, FARNEBACK_FLAGS] : [FARNEBACK_FLAGS, PARAM_FLAGS];
  const stray = other.filter(([key]) => o[key] !== undefined).map(([, flag]) => flag.split(' ')[0]);
  if (engine === 'tvl1' && o.gaussian) stray.push('--gaussian');
  if (stray.length) throw usageError(`${stray.join(', ')}: not a parameter of --engine ${engine}`);
  const fail = (name: string, issues: { path: PropertyKey[]; message: string }[]) =>
    usageError(`${name} parameter: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  if (engine === 'tvl1') {
    const tv = Tvl1Params.partial().safeParse(pick(mine));
    if (!tv.success) throw fail('TV-L1', tv.error.issues);
    return tv.data;
  }
  const fb = FarnebackParams.partial().safeParse({
    ...pick(mine),
    ...(o.gaussian ? { gaussian: true } : {}),
  });
  if (!fb.success) throw fail('Farnebäck', fb.error.issues);
  return { engine, farneback: fb.data };
}

export function registerFlow(program: Command, io: Io): void {
  const cmd = program
    .command('flow [input]')
    .description(
      'onset→apex optical flow (OpenCV TV-L1 or Farnebäck) for every sample of a converted dataset, or for one --pair',
    )
    .option('-o, --out <path>', 'flow output folder (or the .npy file with --pair)')
    .option('--recipe <name>', `${choices(recipeNames())} (data/flow/<name>.json)`, 'raw')
    .option('--engine <name>', 'tvl1 (OpenCV DualTVL1) | farneback (OpenCV calcOpticalFlowFarneback)', 'tvl1')
    .option('--pair <images...>', 'two images: compute one flow from the first to the second')
    .option('--on-error <policy>', 'fail | skip a sample without an apex or with an unreadable frame', 'fail')
    .option('--threads <n>', 'worker threads (default: all cores)')
    .option('--overwrite', 'replace a non-empty output folder')
    .option('--check', 'only check the existing flow folder -o against <input>: samples, frames and shapes');
  for (const [, flag] of PARAM_FLAGS) cmd.option(flag, 'TV-L1 parameter (OpenCV default unless given)');
  for (const [, flag] of FARNEBACK_FLAGS)
    cmd.option(flag, 'Farnebäck parameter (cv2.FarnebackOpticalFlow_create default unless given)');
  cmd.option('--gaussian', 'Farnebäck: Gaussian window (OPTFLOW_FARNEBACK_GAUSSIAN) instead of a box');
  cmd.action(
    async (input: string | undefined, o: Record<string, string | string[] | boolean | undefined>) => {
      if (typeof o.out !== 'string') throw usageError('flow needs -o <path>');
      const params = engineParams(o);
      if (o.pair !== undefined) {
        const pair = o.pair as string[];
        if (pair.length !== 2) throw usageError(`--pair takes exactly two images, got ${pair.length}`);
        const r = await flowPair(pair[0] as string, pair[1] as string, o.out, params);
        io.out(
          `flow ${r.width}x${r.height} (${r.engine}) written to ${o.out} (shape (${r.height}, ${r.width}, 2), u then v, float32)`,
        );
        return;
      }
      if (!input) throw usageError('flow needs a converted output folder, or --pair a.png b.png');
      if (o.check) {
        const problems = await checkFlows(o.out, input);
        for (const p of problems) io.err(`  invalid: ${p}`);
        io.out(`check of ${o.out}: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
        if (problems.length > 0) process.exitCode = 1;
        return;
      }
      const onError = o.onError;
      if (onError !== 'fail' && onError !== 'skip')
        throw usageError(`--on-error ${String(onError)}: expected fail or skip`);
      const threads = typeof o.threads === 'string' ? Number(o.threads) : undefined;
      if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1))
        throw usageError(`--threads ${o.threads}: expected a whole number ≥ 1`);
      const progress = progressPrinter(io, 'flow');
      const result = await flowDataset(
        {
          input,
          out: o.out,
          recipe: String(o.recipe),
          ...(params.engine === 'farneback'
            ? { engine: 'farneback' as const, farneback: params.farneback ?? {} }
            : { params }),
          onError,
          overwrite: o.overwrite === true,
          ...(threads ? { threads } : {}),
        },
        (p) => progress.update(p),
      ).finally(() => progress.end());
      io.out(
        `flow: ${result.written} flows (recipe ${String(o.recipe)}) in ${result.out}${result.resumed ? `, ${result.resumed} resumed` : ''}`,
      );
      for (const p of result.problems) io.err(`  skipped ${p.message}`);
      const problems = await checkFlows(result.out, input);
      for (const p of problems) io.err(`  invalid: ${p}`);
      io.out(`check: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
      if (problems.length > 0 || result.problems.length > 0) process.exitCode = 1;
    },
  );
}
