import { type Command, Option } from 'commander';
import { formatIssue } from '../../issues/issues.js';
import { plural } from '../../issues/plural.js';
import type { SplitProtocol } from '../../protocols/splits.js';
import { type KindFilter, writeSplits } from '../../protocols/write-splits.js';
import { choices, datasetIds, KIND_CHOICES, PROTOCOL_CHOICES } from '../help-values.js';
import type { Io } from '../io.js';
import { datasetList, oneOf, positiveInt, wholeNumber } from '../parse.js';

interface SplitsCliOptions {
  protocol: SplitProtocol;
  out?: string;
  output?: string;
  k?: number;
  seed?: number;
  train?: string[];
  test?: string[];
  kind?: KindFilter;
  includeUnlabelled?: boolean;
}

export function registerSplits(program: Command, io: Io): void {
  program
    .command('splits')
    .description('write fold assignments that never put a person or an event on both sides (CSV and JSON)')
    .argument('<out>', 'converted output folder or manifest')
    .requiredOption('--protocol <name>', choices(PROTOCOL_CHOICES), oneOf(PROTOCOL_CHOICES))
    .option('--k <n>', 'kfold: number of folds (default 5)', positiveInt)
    .option('--seed <n>', 'kfold: seed of the fold assignment (default 0)', wholeNumber)
    .option(
      '--train <datasets>',
      `cross: training datasets, comma-separated (e.g. casme2; built-in ids: ${datasetIds().join(', ')})`,
      datasetList,
    )
    .option('--test <datasets>', 'cross: test datasets, comma-separated (e.g. samm,smic)', datasetList)
    .option(
      '--kind <kind>',
      `${choices(KIND_CHOICES)} (default all; micro for megc2019)`,
      oneOf(KIND_CHOICES),
    )
    .option('--include-unlabelled', 'split unlabelled samples too (default: labelled samples only)')
    .option(
      '-o, --out <file>',
      'where to write (<file>.csv and <file>.json); default <out>/splits-<protocol>',
    )
    // the old spelling, kept working: -o is --out in every command
    .addOption(new Option('--output <file>').hideHelp())
    .action(async (target: string, o: SplitsCliOptions) => {
      const result = await writeSplits(target, o.protocol, {
        output: o.out ?? o.output,
        k: o.k,
        seed: o.seed,
        train: o.train,
        test: o.test,
        kind: o.kind,
        includeUnlabelled: Boolean(o.includeUnlabelled),
      });
      const { splits } = result;
      const seed = splits.seed === null ? '' : ` (seed ${splits.seed})`;
      io.out(
        `${splits.protocol}${seed}: ${plural(splits.folds.length, 'fold')} over ${plural(splits.samples, 'sample')} from ${plural(splits.subjects, 'subject')} (persons); no person and no event on both sides of any fold`,
      );
      const withheld = splits.folds.reduce((n, f) => n + f.withheld.length, 0);
      if (withheld)
        io.out(
          `  ${withheld} training places withheld: samples of other datasets sharing a person or event with a fold's test side`,
        );
      io.out(`  ${result.csv}\n  ${result.json}`);
      for (const issue of result.report.issues.filter((i) => i.severity !== 'info').slice(0, 20))
        io.err(formatIssue(issue));
    });
}
