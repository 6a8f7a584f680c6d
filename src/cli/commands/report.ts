import type { Command } from 'commander';
import { writeHtmlReport } from '../../report-html/html.js';
import type { Io } from '../io.js';
import { oneOf, positiveInt } from '../parse.js';

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .description('write a self-contained HTML report: charts and an onset/apex/offset contact sheet')
    .argument('<out>', 'converted output folder or manifest')
    .requiredOption('-o, --output <file>', 'the HTML file to write, e.g. report.html')
    .option('--contact-sheet <n>', 'samples shown on the contact sheet', positiveInt, 500)
    .option('--kind <kind>', 'micro | macro | all', oneOf(['micro', 'macro', 'all'] as const), 'all')
    .action(
      async (
        target: string,
        o: { output: string; contactSheet: number; kind: 'micro' | 'macro' | 'all' },
      ) => {
        const r = await writeHtmlReport(target, o.output, { contactSheet: o.contactSheet, kind: o.kind });
        io.out(`wrote ${r.file}: ${r.samples} samples, ${r.thumbnails} thumbnails`);
        if (r.note) io.err(`note: ${r.note}`);
      },
    );
}
