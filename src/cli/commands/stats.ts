import type { Command } from 'commander';
import { readManifest } from '../../manifest/read.js';
import { computeStats, formatStats } from '../../stats/stats.js';
import type { Io } from '../io.js';

export function registerStats(program: Command, io: Io): void {
  program
    .command('stats')
    .description('counts by dataset × label, subjects and clip lengths')
    .argument('<out>', 'converted output folder or manifest')
    .option('--json', 'print JSON')
    .action(async (target: string, o: { json?: boolean }) => {
      const stats = computeStats(await readManifest(target));
      if (o.json) io.out(JSON.stringify(stats, null, 2));
      else for (const line of formatStats(stats)) io.out(line);
    });
}
