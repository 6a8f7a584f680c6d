import type { Command } from 'commander';
import { combine } from '../../combine/combine.js';
import { formatIssue } from '../../issues/issues.js';
import { plural } from '../../issues/plural.js';
import { choices, profileNames } from '../help-values.js';
import type { Io } from '../io.js';
import { datasetList, oneOf, positiveInt } from '../parse.js';
import { kindCounts } from '../summary.js';

export function registerCombine(program: Command, io: Io): void {
  program
    .command('combine')
    .description('merge converted outputs into one composite (namespaced subjects and ids)')
    .argument('<outputs...>', 'converted output folders')
    .requiredOption('-o, --out <dir>', 'composite output folder')
    .option(
      '--protocol <name>',
      'megc2019: exactly the published 442-sample list',
      oneOf(['megc2019'] as const),
    )
    .option(
      '--labels <profile|file>',
      `relabel every sample from its emotion with this profile (${choices(profileNames())}) or a JSON file`,
    )
    .option(
      '--frames <mode>',
      'copy (hard links where possible; self-contained) | reference (paths into the inputs)',
      oneOf(['copy', 'reference'] as const),
    )
    .option(
      '--kind <kind>',
      'micro | macro | all (default all; micro with --protocol megc2019)',
      oneOf(['micro', 'macro', 'all'] as const),
    )
    .option(
      '--one-per-event <datasets>',
      'keep one sample per movement: the one from the first of these datasets that has it (samm,samm-lv)',
      datasetList,
    )
    .option('--jobs <n>', 'samples copied in parallel', positiveInt)
    .option('--overwrite', 'replace a non-empty output folder (atomically)')
    .action(async (inputs: string[], o: Record<string, unknown>) => {
      const result = await combine({
        inputs,
        out: o.out as string,
        protocol: o.protocol as 'megc2019' | undefined,
        labels: o.labels as string | undefined,
        frames: o.frames as 'copy' | 'reference' | undefined,
        jobs: o.jobs as number | undefined,
        kind: o.kind as 'micro' | 'macro' | 'all' | undefined,
        onePerEvent: o.onePerEvent as string[] | undefined,
        overwrite: Boolean(o.overwrite),
      });
      const { info } = result;
      const labels = Object.entries(info.counts.by_label)
        .map(([l, n]) => `${l} ${n}`)
        .join(', ');
      io.out(
        `combined ${plural(info.counts.samples, 'sample')} from ${plural(info.counts.subjects, 'subject')} into ${result.out} (${labels})`,
      );
      io.out(`  kinds: ${kindCounts(result.samples)}`);
      for (const d of [...new Set(result.samples.map((s) => s.dataset))]) {
        const n = result.samples.filter((s) => s.dataset === d).length;
        io.out(`  ${d}: ${n}`);
      }
      if (o.protocol) {
        io.out(
          `  list members not found: ${result.missing.length}${result.missing.length ? ` (${result.missing.slice(0, 10).join(', ')}${result.missing.length > 10 ? ', …' : ''})` : ''}`,
        );
        io.out(
          `  candidates the list excludes: ${result.excluded.length}${result.excluded.length ? ` (${result.excluded.slice(0, 10).join(', ')}${result.excluded.length > 10 ? ', …' : ''})` : ''}`,
        );
      }
      const problems = result.report.issues.filter((i) => i.severity !== 'info');
      for (const issue of problems.slice(0, 20)) io.err(formatIssue(issue));
      if (problems.length > 20) io.err(`… ${problems.length - 20} more in report.json`);
    });
}
