import type { Command } from 'commander';
import { UNKNOWN_END_CHOICES, type UnknownEnd } from '../../spotting/ground-truth.js';
import type { Counts } from '../../spotting/score.js';
import { scoreSpotPredictions } from '../../spotting/write.js';
import type { Io } from '../io.js';
import { oneOf } from '../parse.js';

const fixed = (n: number | null) => (n === null ? '-' : n.toFixed(4));
const line = (name: string, c: Counts) =>
  `  ${name.padEnd(8)} TP ${c.tp}  FP ${c.fp}  FN ${c.fn}  precision ${fixed(c.precision)}  recall ${fixed(c.recall)}  F1 ${fixed(c.f1)}`;

export function registerScoreSpots(program: Command, io: Io): void {
  program
    .command('score-spots')
    .description('score spotted intervals with the MEGC rule (IoU >= 0.5, per type, per dataset)')
    .argument('<predictions>', 'CSV: vid,pred_onset,pred_offset,type (type me or mae)')
    .requiredOption('--on <out>', 'converted output folder or manifest holding the ground truth')
    .option('-o, --output <file>', 'where to write (<file>.log and <file>.json); default <predictions>-score')
    .option(
      '--unknown-end <exclude|apex>',
      "an onset or offset the sheet leaves unknown: exclude the sample (default), or use the apex as the MEGC organisers' loaders do",
      oneOf(UNKNOWN_END_CHOICES),
      'exclude',
    )
    .action(async (predictions: string, o: { on: string; output?: string; unknownEnd: UnknownEnd }) => {
      const result = await scoreSpotPredictions(predictions, o.on, o.output, o.unknownEnd);
      for (const d of result.score.datasets) {
        io.out(d.dataset);
        io.out(line('micro', d.micro));
        io.out(line('macro', d.macro));
        io.out(line('overall', d.overall));
        if (d.ambiguous_predictions > 0)
          io.err(
            `warning: ${d.dataset}: ${d.ambiguous_predictions} predictions reach IoU 0.5 with two or more intervals; each is credited with one`,
          );
      }
      const unknown = result.groundTruth.unknown.length;
      if (unknown > 0)
        io.err(
          `warning: ${unknown} long-video samples have no annotated onset or offset and are not scored (run 'me-unify spots' for the list)`,
        );
      io.out(`  ${result.log}\n  ${result.json}`);
    });
}
