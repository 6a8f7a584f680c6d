import { type Command, Option } from 'commander';
import { usageError } from '../../issues/errors.js';
import { plural } from '../../issues/plural.js';
import { writeHtmlReport } from '../../report-html/html.js';
import { choices, KIND_CHOICES } from '../help-values.js';
import type { Io } from '../io.js';
import { oneOf, positiveInt } from '../parse.js';

export function registerReport(program: Command, io: Io): void {
  program
    .command('report')
    .description('write a self-contained HTML report: charts and an onset/apex/offset contact sheet')
    .argument('<out>', 'converted output folder or manifest')
    .option('-o, --out <file>', 'the HTML file to write, e.g. report.html (required)')
    // the old spelling, kept working: -o is --out in every command
    .addOption(new Option('--output <file>').hideHelp())
    .option('--contact-sheet <n>', 'samples shown on the contact sheet', positiveInt, 500)
    .option('--kind <kind>', choices(KIND_CHOICES), oneOf(KIND_CHOICES), 'all')
    .action(
      async (
        target: string,
        o: { out?: string; output?: string; contactSheet: number; kind: 'micro' | 'macro' | 'all' },
      ) => {
        const file = o.out ?? o.output;
        if (!file) throw usageError('report needs -o/--out <file>: the HTML file to write, e.g. report.html');
        const r = await writeHtmlReport(target, file, { contactSheet: o.contactSheet, kind: o.kind });
        io.out(`wrote ${r.file}: ${plural(r.samples, 'sample')}, ${plural(r.thumbnails, 'thumbnail')}`);
        if (r.note) io.err(`note: ${r.note}`);
      },
    );
}
