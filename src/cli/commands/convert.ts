import type { Command } from 'commander';
import { convert } from '../../convert/convert.js';
import type { ConvertOptions } from '../../convert/options.js';
import type { Io } from '../io.js';
import { oneOf, positiveInt } from '../parse.js';
import { progressPrinter } from '../progress.js';
import { summariseConversion } from '../summary.js';

export function registerConvert(program: Command, io: Io): void {
  program
    .command('convert')
    .description('convert a downloaded dataset into the unified format')
    .argument('<root>', 'the dataset folder, or the folder above it')
    .requiredOption('-o, --out <dir>', 'output folder (outside the source tree)')
    .option('--format <id>', 'dataset adapter to use instead of detection')
    .option('--labels <profile|file>', 'label profile name or JSON file', 'original')
    .option(
      '--frames <mode>',
      'none (reference the source frames) | copy',
      oneOf(['none', 'copy'] as const),
      'none',
    )
    .option(
      '--span <span>',
      'onset-offset | full | onset-apex',
      oneOf(['onset-offset', 'full', 'onset-apex'] as const),
      'onset-offset',
    )
    .option('--layout <layout>', 'which frame layout to read when a download holds several')
    .option('--sheet <file>', 'annotation sheet to use instead of the one found')
    .option('--config <file>', 'with --format custom: the JSON config mapping sheet columns and frame folders')
    .option(
      '--apex <policy>',
      'where the source has no apex: midpoint | missing',
      oneOf(['midpoint', 'missing'] as const),
    )
    .option(
      '--on-error <policy>',
      'fail (stop) | skip (leave the sample out, report it)',
      oneOf(['fail', 'skip'] as const),
      'fail',
    )
    .option('--only-labeled', 'drop samples the label profile does not map')
    .option('--dry-run', 'scan and report, write nothing')
    .option('--limit <n>', 'convert the first n samples only', positiveInt)
    .option('--jobs <n>', 'clips processed in parallel', positiveInt)
    .option('--overwrite', 'replace a non-empty output folder (atomically)')
    .action(async (root: string, o: Record<string, unknown>) => {
      const options: ConvertOptions = {
        root,
        out: o.out as string,
        format: o.format as string | undefined,
        labels: o.labels as string,
        frames: o.frames as 'none' | 'copy',
        span: o.span as 'onset-offset',
        layout: o.layout as string | undefined,
        sheet: o.sheet as string | undefined,
        config: o.config as string | undefined,
        apexPolicy: o.apex as 'midpoint' | undefined,
        onError: o.onError as 'fail' | 'skip',
        onlyLabeled: Boolean(o.onlyLabeled),
        dryRun: Boolean(o.dryRun),
        limit: o.limit as number | undefined,
        jobs: o.jobs as number | undefined,
        overwrite: Boolean(o.overwrite),
      };
      const progress = progressPrinter(io, 'convert');
      const result = await convert(options, (p) => progress.update(p));
      progress.end();
      for (const line of summariseConversion(result)) io.out(line);
    });
}
