import path from 'node:path';
import type { Command } from 'commander';
import { convert } from '../../convert/convert.js';
import { type ConvertOptions, ConvertOptionsSchema } from '../../convert/options.js';
import { OutputDir } from '../../convert/output.js';
import { ProcessOptionsShape } from '../../frames/spec.js';
import { plural } from '../../issues/plural.js';
import { adapterOptionsHelp, collectAdapterOption } from '../adapter-option.js';
import {
  choices,
  datasetIds,
  errataNames,
  KIND_CHOICES,
  layoutChoices,
  profileNames,
} from '../help-values.js';
import type { Io } from '../io.js';
import { fraction, inSchema, oneOf } from '../parse.js';

/** The schema every process option is checked against: the CLI accepts exactly its ranges. */
const PROCESS = ProcessOptionsShape.shape;

import { progressPrinter } from '../progress.js';
import { summariseConversion } from '../summary.js';

export function registerConvert(program: Command, io: Io): void {
  program
    .command('convert')
    .description('convert a downloaded dataset into the unified format')
    .argument('<root>', 'the dataset folder, or the folder above it')
    .requiredOption('-o, --out <dir>', 'output folder (outside the source tree)')
    .option('--format <id>', `dataset adapter to use instead of detection: ${choices(datasetIds())}`)
    .option(
      '--labels <profile|file>',
      `label profile (${choices(profileNames())}) or a JSON file`,
      'original',
    )
    .option(
      '--frames <mode>',
      'none (reference the source frames) | copy | process (crop, resize, resample)',
      oneOf(['none', 'copy', 'process'] as const),
      'none',
    )
    .option(
      '--span <span>',
      'onset-offset | full | onset-apex',
      oneOf(['onset-offset', 'full', 'onset-apex'] as const),
      'onset-offset',
    )
    .option(
      '--layout <layout>',
      `which frame layout to read when a download holds several (${layoutChoices()})`,
    )
    .option('--sheet <file>', 'annotation sheet to use instead of the one found')
    .option(
      '--subject-map <file>',
      'MMME: write the participant name → pseudonym map here (private; refused inside the output)',
    )
    .option(
      '--config <file>',
      'with --format custom: the JSON config mapping sheet columns and frame folders',
    )
    .option(
      '--apex <policy>',
      'where the source has no apex: midpoint | missing',
      oneOf(['midpoint', 'missing'] as const),
    )
    .option('--option <key=value>', adapterOptionsHelp(), collectAdapterOption)
    .option(
      '--errata <name|file>',
      `apply corrections of known annotation errors: a built-in list (${choices(errataNames())}) or a JSON file`,
    )
    .option(
      '--on-error <policy>',
      'fail (stop) | skip (leave the sample out, report it)',
      oneOf(['fail', 'skip'] as const),
      'fail',
    )
    .option('--only-labeled', 'drop samples the label profile does not map')
    .option('--kind <kind>', choices(KIND_CHOICES), oneOf(KIND_CHOICES), 'all')
    .option(
      '--pseudonymised-paths',
      'with --frames none on a source whose file names hold personal names (MMME): write the manifest anyway, with paths that do not resolve until mapped back with the --subject-map file',
    )
    .option('--dry-run', 'scan and report, write nothing')
    .option(
      '--limit <n>',
      'convert the first n samples only',
      inSchema(ConvertOptionsSchema.shape.limit.unwrap()),
    )
    .option('--jobs <n>', 'clips processed in parallel', inSchema(ConvertOptionsSchema.shape.jobs.unwrap()))
    .option('--overwrite', 'replace a non-empty output folder (atomically)')
    .option('--shard <i/n>', 'convert only part i of n (deterministic by sample id; for cluster array jobs)')
    .option('--crop <crop>', 'process: none | face | x,y,w,h | a CSV file of boxes (id,x,y,w,h)', 'none')
    .option('--align', 'process, --crop face: rotate the clip so the eyes are level')
    .option('--margin <fraction>', 'process, --crop face: border around the face', fraction, 0.2)
    .option('--size <N|WxH>', 'process: output size in pixels')
    .option(
      '--fit <fit>',
      'process, with --size: cover | contain | pad',
      oneOf(['cover', 'contain', 'pad'] as const),
      'cover',
    )
    .option('--gray', 'process: write grey-level frames')
    .option(
      '--image-format <fmt>',
      'process: jpg | png | webp',
      oneOf(['jpg', 'png', 'webp'] as const),
      'jpg',
    )
    .option('--quality <q>', 'process: jpg/webp quality 1-100', inSchema(PROCESS.quality.unwrap()), 90)
    .option(
      '--fps <n>',
      'process: resample every clip to this frame rate (1-1000)',
      inSchema(PROCESS.fps.unwrap()),
    )
    .option('--length <n>', 'process: resample every clip to n frames', inSchema(PROCESS.length.unwrap()))
    .option(
      '--resample <method>',
      'process, with --fps/--length: nearest | linear | tim',
      oneOf(['nearest', 'linear', 'tim'] as const),
      'linear',
    )
    .action(async (root: string, o: Record<string, unknown>) => {
      const options: ConvertOptions = {
        root,
        out: o.out as string,
        format: o.format as string | undefined,
        labels: o.labels as string,
        frames: o.frames as 'none' | 'copy' | 'process',
        span: o.span as 'onset-offset',
        layout: o.layout as string | undefined,
        sheet: o.sheet as string | undefined,
        config: o.config as string | undefined,
        subjectMap: o.subjectMap as string | undefined,
        apexPolicy: o.apex as 'midpoint' | undefined,
        options: (o.option as Record<string, string> | undefined) ?? {},
        errata: o.errata as string | undefined,
        onError: o.onError as 'fail' | 'skip',
        onlyLabeled: Boolean(o.onlyLabeled),
        kind: o.kind as 'micro' | 'macro' | 'all',
        pseudonymisedPaths: Boolean(o.pseudonymisedPaths),
        dryRun: Boolean(o.dryRun),
        limit: o.limit as number | undefined,
        jobs: o.jobs as number | undefined,
        overwrite: Boolean(o.overwrite),
        shard: o.shard as string | undefined,
        crop: o.crop as string,
        align: Boolean(o.align),
        margin: o.margin as number,
        size: o.size as string | undefined,
        fit: o.fit as 'cover',
        gray: Boolean(o.gray),
        imageFormat: o.imageFormat as 'jpg',
        quality: o.quality as number,
        fps: o.fps as number | undefined,
        length: o.length as number | undefined,
        resample: o.resample as 'linear',
      };
      const progress = progressPrinter(io, 'convert');
      const stopOnSignal = interruptHandler(io, options.out, () => progress.end());
      const result = await convert(options, (p) => progress.update(p)).finally(stopOnSignal);
      progress.end();
      for (const notice of result.notices) io.err(`me-unify: ${notice}`);
      for (const line of summariseConversion(result)) io.out(line);
      if (result.samples.length === 0 && result.info.counts.skipped > 0) {
        // --on-error skip left nothing: that is a failed run, not an empty dataset
        io.err(
          `me-unify: no sample could be converted (${plural(result.info.counts.skipped, 'sample')} failed); see ${path.join(result.out, 'report.json')}`,
        );
        process.exitCode = 1;
      }
    });
}

/**
 * Ctrl-C (SIGINT) or SIGTERM mid-run: say what is kept and end with the signal (the shell sees
 * 128 + signal number). Nothing is cleaned up on purpose: the output folder is only ever swapped
 * in whole, and the staging folder's finished clips let a rerun resume. Returns the function that
 * removes the handlers.
 */
export function interruptHandler(io: Io, out: string, before: () => void): () => void {
  const staging = new OutputDir(out).staging;
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = () => {
      before();
      io.err(
        `me-unify: interrupted (${signal}); ${path.resolve(out)} keeps its previous content; finished clips are kept in ${staging} and rerunning the same command resumes from them`,
      );
      endBySignal(signal, handlers);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/**
 * `process.exit` never returns while a worker thread is stuck in a blocking open (a FIFO): Node
 * joins its thread pool on exit. Re-raising the signal with no handler left ends the process at
 * once, with the status a shell reports as 130/143.
 */
function endBySignal(
  signal: NodeJS.Signals,
  handlers: readonly (readonly [NodeJS.Signals, () => void])[],
): void {
  for (const [s, h] of handlers) process.off(s, h);
  process.kill(process.pid, signal);
}
