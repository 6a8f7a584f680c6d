import type { Command } from 'commander';
import { plural } from '../../report/plural.js';
import { writeHtmlReport } from '../../report-html/html.js';
import type { Io } from '../io.js';
import { positiveInt } from '../parse.js';

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .description('write a self-contained HTML report: charts and an onset/apex/offset contact sheet')
    .argument('<out>', 'converted output folder or manifest')
    .requiredOption('-o, --output <file>', 'the HTML file to write, e.g. report.html')
    .option('--contact-sheet <n>', 'samples shown on the contact sheet', positiveInt, 500)
    .action(async (target: string, o: { output: string; contactSheet: number }) => {
      const r = await writeHtmlReport(target, o.output, { contactSheet: o.contactSheet });
      io.out(`wrote ${r.file}: ${plural(r.samples, 'sample')}, ${plural(r.thumbnails, 'thumbnail')}`);
      if (r.note) io.err(`note: ${r.note}`);
    });
}
