import type { Command } from 'commander';
import type { Metrics } from '../../protocols/metrics.js';
import { score } from '../../protocols/score.js';
import type { SplitProtocol } from '../../protocols/splits.js';
import { choices, PROTOCOL_CHOICES } from '../help-values.js';
import type { Io } from '../io.js';
import { oneOf } from '../parse.js';

export function registerScore(program: Command, io: Io): void {
  program
    .command('score')
    .description('score predictions (id,prediction) over a split: UF1, UAR, accuracy, confusion matrix')
    .argument('<predictions.csv>', 'CSV with columns id,prediction (class name or 0-based class index)')
    .requiredOption('--on <out>', 'the converted output the predictions are for')
    .requiredOption('--protocol <name>', choices(PROTOCOL_CHOICES), oneOf(PROTOCOL_CHOICES))
    .option('--splits <file>', 'the split file (default <out>/splits-<protocol>.json)')
    .option('-o, --output <file>', 'where to write the JSON (default <predictions>.score.json)')
    .action(
      async (
        predictions: string,
        o: { on: string; protocol: SplitProtocol; splits?: string; output?: string },
      ) => {
        const { score: s, json } = await score({ predictions, ...o });
        io.out(`${s.protocol}: classes ${s.classes.join(', ')}`);
        io.out(line('overall', s.overall));
        for (const [d, m] of Object.entries(s.by_dataset)) io.out(line(d, m));
        io.out(`confusion matrix (rows: truth; columns: ${s.classes.join(', ')})`);
        for (const [i, row] of s.overall.confusion.matrix.entries())
          io.out(`  ${(s.classes[i] ?? '').padEnd(12)} ${row.map((n) => String(n).padStart(5)).join(' ')}`);
        io.out(`  ${json}`);
      },
    );
}

function line(name: string, m: Metrics): string {
  const f = (x: number) => x.toFixed(4);
  return `  ${name.padEnd(10)} UF1 ${f(m.uf1)}  UAR ${f(m.uar)}  accuracy ${f(m.accuracy)}  (${m.samples} samples)`;
}
