import type { Command } from 'commander';
import { UNKNOWN_END_CHOICES, type UnknownEnd } from '../../spotting/ground-truth.js';
import { writeSpots } from '../../spotting/write.js';
import type { Io } from '../io.js';
import { oneOf } from '../parse.js';

const SHOWN = 10;

export function registerSpots(program: Command, io: Io): void {
  program
    .command('spots')
    .description('write the spotting ground truth per long video (JSON and the MEGC CSV form)')
    .argument('<out>', 'converted output folder or manifest (SAMM-LV, SMIC-E…)')
    .option('-o, --output <file>', 'where to write (<file>.csv and <file>.json); default <out>/spots')
    .option(
      '--unknown-end <exclude|apex>',
      "an onset or offset the sheet leaves unknown: exclude the sample (default), or use the apex as the MEGC organisers' loaders do",
      oneOf(UNKNOWN_END_CHOICES),
      'exclude',
    )
    .action(async (target: string, o: { output?: string; unknownEnd: UnknownEnd }) => {
      const { groundTruth: gt, csv, json } = await writeSpots(target, o.output, o.unknownEnd);
      if (gt.substituted.length > 0)
        io.err(
          `info: ${gt.substituted.length} unknown onsets or offsets set to the apex (--unknown-end apex; listed under "substituted" in ${json})`,
        );
      const videos = new Set(gt.expressions.map((e) => `${e.dataset}\u0000${e.video}`)).size;
      const micro = gt.expressions.filter((e) => e.kind === 'micro').length;
      io.out(
        `${gt.expressions.length} expressions (${micro} micro, ${gt.expressions.length - micro} macro) in ${videos} long videos`,
      );
      io.out(`  ${csv}\n  ${json}`);
      if (gt.unknown.length > 0) {
        io.err(
          `warning: ${gt.unknown.length} long-video samples left out of the ground truth (listed under "unknown" in ${json}):`,
        );
        for (const u of gt.unknown.slice(0, SHOWN))
          io.err(
            `  ${u.sample}: ${u.reason}${u.sheet ? ` [${u.sheet}${u.row ? `, row ${u.row}` : ''}]` : ''}`,
          );
        if (gt.unknown.length > SHOWN) io.err(`  … and ${gt.unknown.length - SHOWN} more`);
      }
      if (gt.duplicates.length > 0)
        io.err(
          `warning: ${gt.duplicates.length} expressions repeat an earlier one: ${gt.duplicates.slice(0, SHOWN).join('; ')}`,
        );
      if (gt.rounded.length > 0)
        io.err(
          `info: ${gt.rounded.length} fractional sheet frame numbers were rounded (listed under "rounded" in ${json})`,
        );
    });
}
