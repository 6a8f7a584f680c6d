import type { Command } from 'commander';
import { checkFlows } from '../../flow/check.js';
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

export function registerFlow(program: Command, io: Io): void {
  const cmd = program
    .command('flow [input]')
    .description(
      'onset→apex optical flow (OpenCV TV-L1) for every sample of a converted dataset, or for one --pair',
    )
    .option('-o, --out <path>', 'flow output folder (or the .npy file with --pair)')
    .option('--recipe <name>', `${choices(recipeNames())} (data/flow/<name>.json)`, 'raw')
    .option('--engine <name>', 'tvl1 (OpenCV DualTVL1 semantics)', 'tvl1')
    .option('--pair <images...>', 'two images: compute one flow from the first to the second')
    .option('--on-error <policy>', 'fail | skip a sample without an apex or with an unreadable frame', 'fail')
    .option('--threads <n>', 'worker threads (default: all cores)')
    .option('--overwrite', 'replace a non-empty output folder');
  for (const [, flag] of PARAM_FLAGS) cmd.option(flag, 'TV-L1 parameter (OpenCV default unless given)');
  cmd.action(
    async (input: string | undefined, o: Record<string, string | string[] | boolean | undefined>) => {
      if (o.engine !== 'tvl1') throw usageError(`--engine ${String(o.engine)}: only tvl1 is available`);
      if (typeof o.out !== 'string') throw usageError('flow needs -o <path>');
      const raw: Record<string, number> = {};
      for (const [key] of PARAM_FLAGS) {
        const v = o[key];
        if (typeof v === 'string') raw[key] = Number(v);
      }
      const parsed = Tvl1Params.partial().safeParse(raw);
      if (!parsed.success)
        throw usageError(
          `TV-L1 parameter: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        );
      if (o.pair !== undefined) {
        const pair = o.pair as string[];
        if (pair.length !== 2) throw usageError(`--pair takes exactly two images, got ${pair.length}`);
        const r = await flowPair(pair[0] as string, pair[1] as string, o.out, parsed.data);
        io.out(
          `flow ${r.width}x${r.height} written to ${o.out} (shape (${r.height}, ${r.width}, 2), u then v, float32)`,
        );
        return;
      }
      if (!input) throw usageError('flow needs a converted output folder, or --pair a.png b.png');
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
          params: parsed.data,
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
