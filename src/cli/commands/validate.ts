import type { Command } from 'commander';
import { formatIssue } from '../../issues/issues.js';
import { plural } from '../../issues/plural.js';
import { type ValidateProgress, validate } from '../../validate/validate.js';
import { choices, profileNames } from '../help-values.js';
import type { Io } from '../io.js';
import { progressPrinter } from '../progress.js';

export function registerValidate(program: Command, io: Io): void {
  program
    .command('validate')
    .description('check a converted output or a hand-made manifest')
    .argument('<target>', 'output folder, or a manifest file (.jsonl, or .csv as in the README)')
    .option('--json', 'print the report as JSON')
    .option(
      '--labels <profile|file>',
      `check every label against this profile (${choices(profileNames())}) or a JSON file (default: dataset.json’s)`,
    )
    .action(async (target: string, opts: { json?: boolean; labels?: string }) => {
      // a terminal sees progress at once (a large output takes many seconds); pipes and tests see none
      const progress = io.isTTY ? progressPrinter(io, 'validate', { unit: 'samples' }) : null;
      const result = await validate(target, {
        labels: opts.labels,
        ...(progress ? { onProgress: (p: ValidateProgress) => progress.update(p) } : {}),
      }).finally(() => progress?.end());
      if (opts.json)
        io.out(JSON.stringify({ ok: result.ok, samples: result.samples, ...result.report }, null, 2));
      else {
        const { error, warning } = result.report.counts;
        io.out(
          `${result.ok ? 'valid' : 'INVALID'}: ${plural(result.samples, 'sample')}, ${plural(error, 'error')}, ${plural(warning, 'warning')}`,
        );
        for (const issue of result.report.issues.slice(0, 50)) io.out(`  ${formatIssue(issue)}`);
        if (result.report.issues.length > 50)
          io.out(`  … ${result.report.issues.length - 50} more (use --json)`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
