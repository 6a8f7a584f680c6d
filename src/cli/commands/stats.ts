import type { Command } from 'commander';
import { readManifest } from '../../manifest/read.js';
import { computeStats, formatStats } from '../../stats/stats.js';
import { choices, KIND_CHOICES } from '../help-values.js';
import type { Io } from '../io.js';
import { oneOf } from '../parse.js';

export function registerStats(program: Command, io: Io): void {
  program
    .command('stats')
    .description('counts by dataset × kind × label, subjects and clip lengths')
    .argument('<out>', 'converted output folder or manifest')
    .option('--json', 'print JSON')
    .option('--kind <kind>', choices(KIND_CHOICES), oneOf(KIND_CHOICES), 'all')
    .action(async (target: string, o: { json?: boolean; kind: 'micro' | 'macro' | 'all' }) => {
      const samples = await readManifest(target);
      const stats = computeStats(o.kind === 'all' ? samples : samples.filter((s) => s.kind === o.kind));
      if (o.json) io.out(JSON.stringify(stats, null, 2));
      else for (const line of formatStats(stats)) io.out(line);
    });
}
