import { type Command, Option } from 'commander';
import { SPLIT_PROTOCOLS, type SplitProtocol } from '../../protocols/splits.js';
import { writeSplits } from '../../protocols/write-splits.js';
import { formatIssue } from '../../report/issues.js';
import { plural } from '../../report/plural.js';
import type { Io } from '../io.js';
import { oneOf } from '../parse.js';

export function registerSplits(program: Command, io: Io): void {
  program
    .command('splits')
    .description('write leak-free fold assignments (CSV and JSON)')
    .argument('<out>', 'converted output folder or manifest')
    .requiredOption('--protocol <name>', 'loso | lodo | megc2019', oneOf(SPLIT_PROTOCOLS))
    .option(
      '-o, --out <file>',
      'where to write (<file>.csv and <file>.json); default <out>/splits-<protocol>',
    )
    // the old spelling, kept working: -o is --out in every command
    .addOption(new Option('--output <file>').hideHelp())
    .action(async (target: string, o: { protocol: SplitProtocol; out?: string; output?: string }) => {
      const result = await writeSplits(target, o.protocol, o.out ?? o.output);
      const { splits } = result;
      io.out(
        `${splits.protocol}: ${plural(splits.folds.length, 'fold')} over ${plural(splits.samples, 'sample')} from ${plural(splits.subjects, 'subject')}; no subject on both sides of any fold`,
      );
      io.out(`  ${result.csv}\n  ${result.json}`);
      for (const issue of result.report.issues.filter((i) => i.severity !== 'info').slice(0, 20))
        io.err(formatIssue(issue));
    });
}
