import type { Command } from 'commander';
import { detect } from '../../adapters/detect.js';
import { relativePosix } from '../../sources/fs.js';
import type { Io } from '../io.js';

export function registerDetect(program: Command, io: Io): void {
  program
    .command('detect')
    .description('name the dataset in a folder, with the evidence')
    .argument('<root>', 'the dataset folder, or the folder above it')
    .option('--json', 'print every adapter’s answer as JSON, rejected ones with their reason')
    .action(async (root: string, opts: { json?: boolean }) => {
      const result = await detect(root);
      if (opts.json) {
        io.out(
          JSON.stringify(
            {
              detected: result.best?.adapter ?? null,
              ambiguous: result.ambiguous.map((d) => d.adapter),
              adapters: result.all.map((d) => ({
                ...d,
                root: d.root === null ? null : relativePosix(process.cwd(), d.root) || '.',
              })),
            },
            null,
            2,
          ),
        );
      } else if (result.best) {
        const where = result.best.root ? relativePosix(process.cwd(), result.best.root) || '.' : root;
        io.out(`${result.best.adapter} (confidence ${result.best.confidence}) in ${where}`);
        for (const e of result.best.evidence) io.out(`  - ${e}`);
      } else if (result.ambiguous.length > 0) {
        io.err(
          `several datasets match equally: ${result.ambiguous.map((d) => d.adapter).join(', ')}; use --format with convert`,
        );
      } else {
        io.err(`no known dataset in ${root}`);
        for (const d of result.all) io.err(`  ${d.adapter}: ${d.reason ?? 'no match'}`);
      }
      if (!result.best) process.exitCode = 2;
    });
}
