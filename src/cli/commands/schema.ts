import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { renderIssueCodesDoc } from '../../issues/catalogue-doc.js';
import { renderOutputFormatDoc } from '../../schema/format-doc.js';
import { writeJsonSchemas } from '../../schema/json-schema.js';
import type { Io } from '../io.js';

export function registerSchema(program: Command, io: Io): void {
  program
    .command('schema')
    .description('write the JSON Schema files of the unified format')
    .option('-o, --out <dir>', 'output folder', 'schemas')
    .option('--doc <file>', 'also write the output-format reference (Markdown), e.g. docs/output-format.md')
    .option('--codes-doc <file>', 'also write the issue-code reference (Markdown), e.g. docs/issue-codes.md')
    .action(async (opts: { out: string; doc?: string; codesDoc?: string }) => {
      for (const file of await writeJsonSchemas(opts.out)) io.out(`wrote ${file}`);
      if (opts.codesDoc) {
        await mkdir(path.dirname(opts.codesDoc), { recursive: true });
        await writeFile(opts.codesDoc, renderIssueCodesDoc());
        io.out(`wrote ${opts.codesDoc}`);
      }
      if (opts.doc) {
        await mkdir(path.dirname(opts.doc), { recursive: true });
        await writeFile(opts.doc, renderOutputFormatDoc());
        io.out(`wrote ${opts.doc}`);
      }
    });
}
