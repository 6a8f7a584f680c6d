import type { Command } from 'commander';
import { writeJsonSchemas } from '../../schema/json-schema.js';
import type { Io } from '../io.js';

export function registerSchema(program: Command, io: Io): void {
  program
    .command('schema')
    .description('write the JSON Schema files of the unified format')
    .option('-o, --out <dir>', 'output folder', 'schemas')
    .action(async (opts: { out: string }) => {
      for (const file of await writeJsonSchemas(opts.out)) io.out(`wrote ${file}`);
    });
}
