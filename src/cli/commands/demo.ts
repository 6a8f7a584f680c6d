import path from 'node:path';
import type { Command } from 'commander';
import { demo } from '../../demo/demo.js';
import { plural } from '../../issues/plural.js';
import type { Io } from '../io.js';
import { summariseConversion } from '../summary.js';

export function registerDemo(program: Command, io: Io): void {
  program
    .command('demo')
    .description('build synthetic datasets in their real layouts and convert them (no licensed data needed)')
    .option('-o, --out <dir>', 'folder for the synthetic sources and outputs (default: a temporary folder)')
    .action(async (opts: { out?: string }) => {
      const result = await demo(opts.out);
      io.out(`demo folder: ${result.dir}`);
      for (const c of result.conversions) {
        io.out(`\n${c.dataset}: synthetic source ${path.relative(result.dir, c.source)}`);
        for (const line of summariseConversion(c.result)) io.out(`  ${line}`);
        io.out(`  validate: ${c.valid ? 'ok' : 'FAILED'}`);
      }
      const { result: composite, valid } = result.composite;
      const byLabel = Object.entries(composite.info.counts.by_label)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      io.out(`\nMEGC 2019 composite (casme2 + samm + smic): ${path.relative(result.dir, composite.out)}`);
      io.out(
        `  ${plural(composite.samples.length, 'sample')} from ${plural(composite.info.counts.subjects, 'subject')}; ${byLabel}`,
      );
      io.out(`  validate: ${valid ? 'ok' : 'FAILED'}`);
      const { variants, splits } = result.evaluation;
      io.out(`\nSAMM + SAMM-LV (the same people): ${path.relative(result.dir, variants.result.out)}`);
      io.out(
        `  ${variants.result.samples.length} samples from ${variants.result.info.counts.subjects} persons; validate: ${variants.valid ? 'ok' : 'FAILED'}`,
      );
      for (const { on, result: r } of splits)
        io.out(
          `  ${r.splits.protocol} on ${path.relative(result.dir, on)}: ${r.splits.folds.length} folds over ${r.splits.samples} labelled samples, no person or event on both sides (${path.relative(result.dir, r.json)})`,
        );
      io.out(`\nnext: me-unify stats ${composite.out}   |   me-unify report ${composite.out} -o report.html`);
      if (!valid || !variants.valid || result.conversions.some((c) => !c.valid)) process.exitCode = 1;
    });
}
