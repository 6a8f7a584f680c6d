import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type { SourceSample } from '../adapters/adapter.js';
import { datasetCard } from '../card/card.js';
import { applyErrata } from '../errata/apply.js';
import { loadErrata } from '../errata/load.js';
import type { ErrataRecord } from '../errata/schema.js';
import { inShard } from '../frames/shard.js';
import { parseShard, processOptionProblems } from '../frames/spec.js';
import { MeUnifyError, usageError } from '../issues/errors.js';
import { formatIssue, IssueLog } from '../issues/issues.js';
import { withLabelIds } from '../labels/label-id.js';
import { labeller, loadProfile } from '../labels/profile.js';
import { writeManifests } from '../manifest/write-all.js';
import type { DatasetInfo } from '../schema/dataset.js';
import { datasetCounts } from '../schema/dataset.js';
import type { Report } from '../schema/issue.js';
import { FORMAT_VERSION, type Sample, SampleSchema } from '../schema/sample.js';
import { isInside, relativePosix } from '../sources/fs.js';
import { TOOL_VERSION } from '../version.js';
import { pruneClips } from './clip-store.js';
import { type Materialised, materialiseFrames, SampleFramesError } from './materialise.js';
import { type ConvertOptions, ConvertOptionsSchema, type ResolvedConvertOptions } from './options.js';
import { OutputDir } from './output.js';
import { type ProcessRun, prepareProcessing } from './process-frames.js';
import { scan } from './scan.js';
import { selectSpan } from './span.js';

export interface ConvertProgress {
  done: number;
  total: number;
  frames: number;
}

export interface ConvertResult {
  out: string;
  dryRun: boolean;
  samples: Sample[];
  info: DatasetInfo;
  report: Report;
  /** Things the user should know that are no problem of the data (a stale lock taken over). */
  notices: string[];
}

/** Converts one dataset: detect → scan → label → frames → manifest.jsonl, dataset.json, report.json. */
export async function convert(
  input: ConvertOptions,
  onProgress: (p: ConvertProgress) => void = () => {},
): Promise<ConvertResult> {
  const parsed = ConvertOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw usageError(
      `invalid options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const opts = parsed.data;
  const problems = processOptionProblems(opts);
  if (problems.length > 0) throw usageError(`invalid options: ${problems.join('; ')}`);
  const shard = opts.shard === undefined ? null : shardOption(opts.shard);
  const issues = new IssueLog();
  const output = new OutputDir(opts.out);
  const profile = await loadProfile(opts.labels);
  const errata = opts.errata === undefined ? null : await loadErrata(opts.errata);
  const adapterOptions = {
    layout: opts.layout,
    sheet: opts.sheet,
    apexPolicy: opts.apexPolicy,
    config: opts.config,
    subjectMap: opts.subjectMap,
    ...opts.options,
  };
  const subjectMap =
    typeof adapterOptions.subjectMap === 'string' ? path.resolve(adapterOptions.subjectMap) : undefined;
  if (subjectMap && isInside(output.final, subjectMap))
    throw usageError(
      `--subject-map ${subjectMap} is inside the output folder; it holds personal names and must be kept elsewhere`,
    );
  const { adapter, result } = await scan(
    opts.root,
    {
      format: opts.format,
      adapters: opts.adapters,
      ...adapterOptions,
      // the map is a file the user asked for: not written by a dry run
      subjectMap: opts.dryRun ? undefined : subjectMap,
    },
    issues,
  );
  const errataRecord = errata ? applyErrata(result, result.dataset?.id ?? adapter.id, errata, issues) : null;
  const scrub = scrubber(result.redact);
  refuseUnresolvablePaths(result, opts);
  const population = adapter.population ?? result.dataset?.id ?? adapter.id;
  const notices: string[] = [];
  if (!opts.dryRun) {
    const { tookOver } = await output.prepare(result.root, opts.overwrite);
    if (tookOver !== null)
      notices.push(
        `${output.final}: took over the lock ${output.lockFile} of an earlier run (${tookOver}) that is no longer running`,
      );
  }
  try {
    return await convertPrepared(
      opts,
      { adapter, result, issues, output, profile, scrub, shard, notices, population, errataRecord },
      onProgress,
    );
  } finally {
    await output.release(); // committed or not, another run may start now
  }
}

interface Prepared {
  adapter: Awaited<ReturnType<typeof scan>>['adapter'];
  result: Awaited<ReturnType<typeof scan>>['result'];
  issues: IssueLog;
  output: OutputDir;
  profile: Awaited<ReturnType<typeof loadProfile>>;
  scrub: <T>(value: T) => T;
  shard: { index: number; count: number } | null;
  notices: string[];
  population: string;
  errataRecord: ErrataRecord | null;
}

/** The run once the output is locked and staged: frames, then manifests, then the commit. */
async function convertPrepared(
  opts: ResolvedConvertOptions,
  { adapter, result, issues, output, profile, scrub, shard, notices, population, errataRecord }: Prepared,
  onProgress: (p: ConvertProgress) => void,
): Promise<ConvertResult> {
  stopOnErrors(issues, opts, scrub);

  const label = labeller(profile, issues);
  let chosen = [...result.samples].sort((a, b) => a.id.localeCompare(b.id));
  if (opts.kind !== 'all') chosen = chosen.filter((s) => s.kind === opts.kind);
  if (opts.onlyLabeled) chosen = chosen.filter((s) => label(s) !== null);
  if (opts.limit !== undefined) chosen = chosen.slice(0, opts.limit);
  if (shard) chosen = chosen.filter((s) => inShard(s.id, shard));
  const processRun = opts.frames === 'process' && !opts.dryRun ? await prepareProcessing(opts, issues) : null;

  const framesRoot = opts.frames === 'none' ? relativePosix(output.final, result.root) || '.' : 'frames';
  const limit = pLimit(opts.jobs ?? Math.max(2, os.availableParallelism() * 2));
  let done = 0;
  let frameTotal = 0;
  const built = await Promise.all(
    chosen.map((s) =>
      limit(async () => {
        const sample = inPopulation(s, population, issues)
          ? await buildSample(s, opts, output, label(s), profile.name, issues, processRun).catch(
              (err: unknown) => {
                limit.clearQueue(); // a full disk or a refused path stops the run: start no further clip
                throw err;
              },
            )
          : null;
        done++;
        frameTotal += sample?.frame_count ?? 0;
        onProgress({ done, total: chosen.length, frames: frameTotal });
        return sample;
      }),
    ),
  );
  stopOnErrors(issues, opts, scrub);
  const samples = withLabelIds(scrub(built.filter((s): s is Sample => s !== null)), profile.classes ?? null);
  issues.stampDataset(result.dataset?.id ?? adapter.id);
  const report = scrub(issues.toReport());
  const skipped = result.rejected + (built.length - samples.length);
  const info = scrub(
    datasetInfo(
      result.dataset?.id ?? adapter.id,
      result.dataset?.title ?? adapter.title,
      result,
      opts,
      profile,
      samples,
      framesRoot,
      skipped,
      errataRecord,
    ),
  );
  if (processRun) info.frames.options = processRun.record;
  // a crop box file is named, not located (no absolute paths in an output)
  if (opts.crop.includes('/') || opts.crop.includes(path.sep)) info.options.crop = path.basename(opts.crop);
  if (!opts.dryRun) {
    if (opts.frames !== 'none') {
      const clips = new Set(
        samples.map((s) => path.posix.dirname(s.frames[0] ?? '').replace(/^frames\//, '')),
      );
      await pruneClips(path.join(output.staging, 'frames'), clips, (p) => output.contain(p));
    }
    await writeManifests(output, samples); // manifest.jsonl + .csv + .parquet
    await output.writeFile('dataset.json', `${JSON.stringify(info, null, 2)}\n`);
    await output.writeFile('report.json', `${JSON.stringify(report, null, 2)}\n`);
    await output.writeFile('README.md', datasetCard(info, report, samples));
    await output.commit();
  }
  return { out: output.final, dryRun: opts.dryRun, samples, info, report, notices };
}

/**
 * Subjects are `<population>/<person>`, the population the adapter declares: a sample outside it
 * would split one person into two subjects (an adapter bug), so it is refused, never renamed.
 */
function inPopulation(s: SourceSample, population: string, issues: IssueLog): boolean {
  if (s.subject.startsWith(`${population}/`) && s.subject.length > population.length + 1) return true;
  issues.error(
    'sample.population',
    `subject '${s.subject}' is not in the adapter's population '${population}'; expected '${population}/<person>'`,
    { sample: s.id, file: s.source.directory },
  );
  return false;
}

/**
 * `--frames none` points the manifest at the source frames. Where the source's paths hold
 * participants' names (MMME trial videos, docs/datasets.md §4), every written text carries the
 * pseudonym instead, so such a manifest could not resolve: refused, naming the modes that work.
 */
function refuseUnresolvablePaths(
  result: { details: Record<string, unknown>; root: string },
  opts: ResolvedConvertOptions,
): void {
  if (opts.frames !== 'none' || opts.dryRun || result.details.paths_pseudonymised !== true) return;
  if (opts.pseudonymisedPaths) return; // asked for; the scan's mmme.paths-pseudonymised warning and validate say it again
  throw usageError(
    `--frames none: file names under ${result.root} hold participants' names, which me-unify never writes, so a manifest pointing at them could not be loaded. Use --frames copy (or --frames process): the frames are written into the output under pseudonymous names. (--pseudonymised-paths writes the unresolvable manifest anyway, to map back with --subject-map)`,
  );
}

function shardOption(value: string): { index: number; count: number } {
  try {
    return parseShard(value);
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
}

/** Sources with personal names (MMME) give a scrubber; every text written or printed passes through it. */
function scrubber(redact: ((text: string) => string) | undefined): <T>(value: T) => T {
  return (value) => (redact ? (JSON.parse(redact(JSON.stringify(value))) as typeof value) : value);
}

/** Under `--on-error fail` any error stops the run before anything is committed. */
function stopOnErrors(issues: IssueLog, opts: ResolvedConvertOptions, scrub: <T>(value: T) => T): void {
  const errors = issues.issues.filter((i) => i.severity === 'error');
  if (opts.onError !== 'fail' || errors.length === 0) return;
  const shown = errors
    .slice(0, 10)
    .map((i) => `  ${scrub(formatIssue(i))}`)
    .join('\n');
  const more = errors.length > 10 ? `\n  … and ${errors.length - 10} more` : '';
  throw new MeUnifyError(
    `conversion stopped: ${errors.length} error${errors.length === 1 ? '' : 's'} in the source:\n${shown}${more}\nFix the source, or pass --on-error skip to leave these samples out and convert the rest (report.json then lists them). The output folder was not changed.`,
  );
}

async function buildSample(
  s: SourceSample,
  opts: ResolvedConvertOptions,
  output: OutputDir,
  label: string | null,
  profileName: string,
  issues: IssueLog,
  processRun: ProcessRun | null = null,
): Promise<Sample | null> {
  const span = selectSpan(s, opts.span);
  if ('error' in span) {
    issues.error('span.unavailable', span.error, { sample: s.id });
    return null;
  }
  let materialised: Materialised;
  try {
    materialised = await materialiseFrames(s, span, opts, output, processRun);
  } catch (err) {
    if (!(err instanceof SampleFramesError)) throw err;
    issues.error(err.code, err.message, { sample: s.id, ...(err.file ? { file: err.file } : {}) });
    return null;
  }
  const { frames, processed } = materialised;
  const video = s.video
    ? {
        path: relativePosix(output.final, s.video.path),
        start_time: s.video.start_time,
        end_time: s.video.end_time,
      }
    : null;
  const candidate = {
    id: s.id,
    dataset: s.dataset,
    subset: s.subset,
    subject: s.subject,
    // a movement no other sample records is its own event (docs/datasets.md §2.5.1 for the shared ones)
    event: s.event ?? s.id,
    clip: s.clip,
    kind: s.kind,
    fps: s.fps,
    frame_count: frames.length > 0 ? frames.length : (s.video?.frame_count ?? 0),
    frames,
    video,
    onset: span.onset,
    apex: span.apex,
    offset: span.offset,
    source_frames: s.source_frames,
    apex_source: s.apex_source,
    emotion: s.emotion,
    label,
    label_profile: profileName,
    aus: s.aus,
    aus_raw: s.aus_raw,
    source: s.source,
    extra: s.extra,
    ...processed,
  };
  const checked = SampleSchema.safeParse(candidate);
  if (!checked.success) {
    const why = checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    issues.error('sample.invalid', `the adapter produced an invalid sample (${why})`, {
      sample: s.id,
      file: s.source.directory,
    });
    return null;
  }
  return checked.data;
}

function datasetInfo(
  id: string,
  title: string,
  result: Awaited<ReturnType<typeof scan>>['result'],
  opts: ResolvedConvertOptions,
  profile: { name: string; classes: string[] | null },
  samples: readonly Sample[],
  framesRoot: string,
  skipped: number,
  errata: ErrataRecord | null,
): DatasetInfo {
  const byLabel: Record<string, number> = {};
  for (const s of samples) {
    const key = s.label ?? 'null';
    byLabel[key] = (byLabel[key] ?? 0) + 1;
  }
  const {
    root: _root,
    out: _out,
    sheet,
    config,
    subjectMap,
    errata: errataOption,
    adapters: _adapters,
    options: adapterOptions,
    ...rest
  } = opts;
  return {
    format_version: FORMAT_VERSION,
    tool: { name: 'me-unify', version: TOOL_VERSION },
    created: new Date().toISOString(),
    datasets: [
      {
        id,
        title,
        layout: result.layout,
        sources: result.sources,
        details: result.details,
        ...(errata ? { errata } : {}),
      },
    ],
    label_profile: { name: profile.name, classes: profile.classes },
    // no absolute paths in an output (relocatable); the sheet is recorded in sources
    options: {
      ...rest,
      sheet: sheet ? path.basename(sheet) : undefined,
      config: config ? path.basename(config) : undefined,
      errata: errataOption ? path.basename(errataOption) : undefined,
      // the map's path is private; only whether one was written
      subjectMap: subjectMap ? true : undefined,
      // `--option` values may be private paths: their names only
      adapter_options: Object.keys(adapterOptions).length > 0 ? Object.keys(adapterOptions) : undefined,
    },
    frames: { mode: opts.frames, root: framesRoot, options: {} },
    counts: datasetCounts(samples, byLabel, skipped),
  };
}
