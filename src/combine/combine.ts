import { realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { datasetCard } from '../card/card.js';
import { pruneClips } from '../convert/clip-store.js';
import { OutputDir } from '../convert/output.js';
import { outputFailure } from '../convert/output-failure.js';
import { MeUnifyError, usageError } from '../issues/errors.js';
import { IssueLog } from '../issues/issues.js';
import { withLabelIds } from '../labels/label-id.js';
import { labeller, loadProfile } from '../labels/profile.js';
import { locateManifest, type ManifestLocation, readDatasetInfo, readManifest } from '../manifest/read.js';
import { writeManifests } from '../manifest/write-all.js';
import { eventKey, naturalCompare, subjectKey } from '../protocols/groups.js';
import { selectMegc2019 } from '../protocols/megc2019.js';
import type { DatasetInfo } from '../schema/dataset.js';
import { datasetCounts } from '../schema/dataset.js';
import type { Report } from '../schema/issue.js';
import { FORMAT_VERSION, type Sample } from '../schema/sample.js';
import { isInside, relativePosix } from '../sources/fs.js';
import { type ValidationResult, validate } from '../validate/validate.js';
import { TOOL_VERSION } from '../version.js';
import { copySampleFrames } from './link-frames.js';

export const CombineOptionsSchema = z.object({
  inputs: z.array(z.string().min(1)).min(1, 'name at least one converted output to combine'),
  out: z.string().min(1),
  protocol: z.enum(['megc2019']).optional(),
  /** Relabel every sample from its emotion with this profile (instead of keeping the inputs' labels). */
  labels: z.string().optional(),
  /**
   * `copy`: frames into the composite's own frames/ (hard links where the file system allows, so no
   * space is spent), a self-contained, relocatable folder. `reference`: paths into the inputs.
   * Default: copy when every input holds its own frames, reference when an input points at a source tree.
   */
  frames: z.enum(['copy', 'reference']).optional(),
  /** Keep only samples of this kind (the MEGC 2019 composite is micro only). */
  kind: z.enum(['micro', 'macro', 'all']).default('all'),
  /**
   * Keep one sample per event: the one from the first dataset of this list that has it (e.g.
   * `['samm', 'samm-lv']` keeps the SAMM clip and drops the SAMM-LV micro row of the same movement).
   */
  onePerEvent: z.array(z.string().min(1)).min(1).optional(),
  overwrite: z.boolean().default(false),
  jobs: z.number().int().positive().default(16),
});
export type CombineOptions = z.input<typeof CombineOptionsSchema>;

export interface CombineResult {
  out: string;
  samples: Sample[];
  info: DatasetInfo;
  report: Report;
  /** Members of the list not found (protocol megc2019). */
  missing: string[];
  /** Candidates the rules would label but the list excludes (protocol megc2019). */
  excluded: string[];
}

interface Input {
  dir: string;
  manifest: string;
  info: DatasetInfo | null;
  samples: Sample[];
  /** The input's frames root, symlinks resolved: the only place combine links or copies frames from. */
  realFramesRoot: string;
}

/** Merges converted outputs into one composite: namespaced subjects and ids, frames re-pointed or copied. */
export async function combine(input: CombineOptions): Promise<CombineResult> {
  const parsed = CombineOptionsSchema.safeParse(input);
  if (!parsed.success)
    throw usageError(
      `invalid options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const opts = parsed.data;
  const issues = new IssueLog();
  const inputs = await Promise.all(opts.inputs.map(readInput));
  const output = new OutputDir(opts.out);
  for (const i of inputs.slice(1)) await checkNotNested(output.final, i.dir);
  const first = inputs[0];
  if (!first) throw usageError('name at least one converted output to combine');

  const roots = new Map<string, string>();
  let samples = mergeSamples(inputs, output.final, roots);
  const kind = opts.protocol === 'megc2019' ? 'micro' : opts.kind;
  if (kind !== 'all') samples = samples.filter((s) => s.kind === kind);
  const events = sharedEvents(samples);
  if (opts.onePerEvent) samples = keepOnePerEvent(samples, events, opts.onePerEvent, issues);
  else reportSharedEvents(events, issues);
  if (opts.labels) {
    const profile = await loadProfile(opts.labels);
    const label = labeller(profile, issues);
    samples = samples.map((s) => ({ ...s, label: label(s), label_profile: profile.name }));
  }
  let missing: string[] = [];
  let excluded: string[] = [];
  const total = samples.length;
  if (opts.protocol === 'megc2019') {
    const sel = await selectMegc2019(samples, issues);
    samples = sel.samples;
    missing = sel.missing.map((m) => `${m.dataset}/${m.subject}/${m.clip}`);
    excluded = sel.excluded.map((s) => s.id);
  }

  const mode =
    opts.frames ?? (inputs.every((i) => i.info && i.info.frames.mode !== 'none') ? 'copy' : 'reference');
  await output.prepare(first.dir, opts.overwrite);
  try {
    if (mode === 'copy') samples = await copyAllFrames(samples, roots, output, opts.jobs);
    else
      await rm(await output.contain(path.join(output.staging, 'frames')), { recursive: true, force: true }); // a killed copy run's leftovers

    const profile = await profileOf(opts, inputs, samples, issues);
    const info = compositeInfo(inputs, output.final, opts, mode, profile, samples, total - samples.length);
    samples = withLabelIds(samples, profile.classes);
    const report = issues.toReport();
    await writeManifests(output, samples);
    await output.writeFile('dataset.json', `${JSON.stringify(info, null, 2)}\n`);
    await output.writeFile('report.json', `${JSON.stringify(report, null, 2)}\n`);
    await output.writeFile('README.md', datasetCard(info, report, samples));
    await output.commit();
    return { out: output.final, samples, info, report, missing, excluded };
  } finally {
    await output.release(); // committed or not, another run may start now
  }
}

/**
 * Reads one converted output after checking it as `validate` does (schema, unique ids that are safe
 * folder names, indices, frame paths and files inside its frames root after resolving symlinks;
 * image bytes are not decoded): a manifest is input like any other, and combine turns its ids into
 * folders and links its frames, so nothing is written unless every input passes.
 */
async function readInput(target: string): Promise<Input> {
  const checked = await validate(target, { images: false });
  if (!checked.ok) throw invalidInput(target, checked);
  const loc = await locateManifest(target);
  const samples = await readManifest(target);
  const info = loc.datasetJson ? await readDatasetInfo(loc.datasetJson) : null;
  const root = path.resolve(loc.dir, info?.frames.root ?? '.');
  const realFramesRoot = await realpath(root).catch(() => root);
  await checkFramesRoot(loc, info, realFramesRoot);
  return { dir: loc.dir, manifest: loc.manifest, info, samples, realFramesRoot };
}

/**
 * The frames root bounds what combine may link, so a dataset.json cannot widen it to the whole
 * disk: never a file-system root, and never a folder above the input itself (an output's frames
 * lie in it, a source tree beside it), except in a reference composite (its root is the common
 * folder of its own inputs).
 */
async function checkFramesRoot(
  loc: ManifestLocation,
  info: DatasetInfo | null,
  realRoot: string,
): Promise<void> {
  const realDir = await realpath(loc.dir).catch(() => loc.dir);
  const combined = info?.options.combine as { frames?: unknown } | undefined;
  const above = realRoot !== realDir && isInside(realRoot, realDir) && combined?.frames !== 'reference';
  if (path.parse(realRoot).root === realRoot || above)
    throw new MeUnifyError(
      `${loc.datasetJson}: frames.root '${info?.frames.root}' resolves to ${realRoot}, ${path.parse(realRoot).root === realRoot ? 'the root of the file system' : 'a folder above the output itself'}; expected the output's frames folder or the source tree beside it. Nothing was written`,
      { file: loc.datasetJson },
    );
}

function invalidInput(target: string, checked: ValidationResult): MeUnifyError {
  const errors = checked.report.issues.filter((i) => i.severity === 'error');
  const shown = errors
    .slice(0, 3)
    .map((i) => `${i.row ? `line ${i.row}` : (i.file ?? 'input')}: ${i.message}`)
    .join('; ');
  return new MeUnifyError(
    `${checked.manifest}: ${errors.length} error${errors.length === 1 ? '' : 's'} in this input (${shown}${errors.length > 3 ? '; …' : ''}); combine checks every input before writing, so nothing was written. Run 'me-unify validate ${target}' for the full list`,
    { file: checked.manifest },
  );
}

async function checkNotNested(out: string, input: string): Promise<void> {
  if (isInside(input, out) || isInside(out, input))
    throw usageError(
      `output ${out} and input ${input} are nested; choose an output folder beside the inputs`,
      out,
    );
}

/**
 * Namespaces every subject and id by its dataset (a hand-made manifest may have left it out), so
 * two datasets' `sub01` never merge, and re-points frame paths from each input's folder to the
 * composite's. The same id in two inputs is refused: it is one clip converted twice.
 */
function mergeSamples(inputs: readonly Input[], outDir: string, roots: Map<string, string>): Sample[] {
  const seen = new Map<string, string>();
  const merged: Sample[] = [];
  for (const input of inputs) {
    const repoint = (p: string) => relativePosix(outDir, path.resolve(input.dir, p));
    for (const s of input.samples) {
      const id = s.id.startsWith(`${s.dataset}/`) ? s.id : `${s.dataset}/${s.id}`;
      const other = seen.get(id);
      if (other !== undefined)
        throw new MeUnifyError(
          `sample ${id} is in both ${other} and ${input.manifest}; expected each dataset combined once (convert subsets to one output, or combine them separately)`,
          { file: input.manifest },
        );
      seen.set(id, input.manifest);
      roots.set(id, input.realFramesRoot);
      merged.push({
        ...s,
        id,
        // populations are namespaces: a subject is never renamed, so SMIC and SMIC-E share `smic/s01`
        subject: subjectKey(s),
        event: eventKey(s),
        frames: s.frames.map(repoint),
        video: s.video ? { ...s.video, path: repoint(s.video.path) } : null,
        extra: { ...s.extra },
      });
    }
  }
  return merged;
}

/** Events recorded by more than one sample (the same movement from two datasets or cameras). */
function sharedEvents(samples: readonly Sample[]): Map<string, Sample[]> {
  const byEvent = new Map<string, Sample[]>();
  for (const s of samples) byEvent.set(eventKey(s), [...(byEvent.get(eventKey(s)) ?? []), s]);
  return new Map([...byEvent].filter(([, list]) => list.length > 1));
}

function reportSharedEvents(events: Map<string, Sample[]>, issues: IssueLog): void {
  if (events.size === 0) return;
  const pairs = new Map<string, number>();
  for (const list of events.values()) {
    const tag = [...new Set(list.map((s) => s.dataset))].sort().join(' + ');
    pairs.set(tag, (pairs.get(tag) ?? 0) + 1);
  }
  const what = [...pairs].map(([tag, n]) => `${n} in ${tag}`).join(', ');
  const first = [...events.values()][0] ?? [];
  issues.warn(
    'combine.shared-events',
    `${events.size} movements are recorded by more than one sample (${what}; e.g. ${first.map((s) => s.id).join(' and ')}). Splits keep each on one side; to keep one sample per movement pass --one-per-event <datasets in order of preference>`,
  );
}

/** Drops every sample of a shared event but the one from the most preferred dataset (reported). */
function keepOnePerEvent(
  samples: readonly Sample[],
  events: Map<string, Sample[]>,
  preference: readonly string[],
  issues: IssueLog,
): Sample[] {
  const rank = (s: Sample) => {
    const i = preference.indexOf(s.dataset);
    return i === -1 ? preference.length : i;
  };
  const dropped = new Set<string>();
  for (const list of events.values()) {
    const keep = [...list].sort((a, b) => rank(a) - rank(b) || naturalCompare(a.id, b.id))[0];
    for (const s of list) if (s !== keep) dropped.add(s.id);
  }
  if (dropped.size)
    issues.info(
      'combine.one-per-event',
      `${dropped.size} samples left out because another sample records the same movement (--one-per-event ${preference.join(',')})`,
    );
  return samples.filter((s) => !dropped.has(s.id));
}

/**
 * Frames into frames/<id>/000000.ext: hard links when possible (free, immutable frames), else
 * copies. Each clip is written atomically with a marker whose hash covers its source files' paths,
 * sizes, times and inodes, so a rerun after a kill reuses only clips whose sources are unchanged.
 * On any failure the staging folder is dropped: nothing is left behind.
 */
async function copyAllFrames(
  samples: readonly Sample[],
  roots: ReadonlyMap<string, string>,
  output: OutputDir,
  jobs: number,
): Promise<Sample[]> {
  const limit = pLimit(jobs);
  const framesDir = path.join(output.staging, 'frames');
  // allSettled: every copy has stopped before the staging folder is dropped
  const done = await Promise.allSettled(
    samples.map((s) =>
      limit(() => copySampleFrames(s, roots.get(s.id), framesDir, output.final, (p) => output.contain(p))),
    ),
  );
  const failed = done.find((d): d is PromiseRejectedResult => d.status === 'rejected');
  if (failed) {
    await output.discard();
    // a full or read-only disk is the output's failure, worded as such
    const storage = outputFailure(output, failed.reason, 'linking the frames');
    if (storage) throw storage;
    const why = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
    throw new MeUnifyError(
      `combine into ${output.final} stopped: ${why}; nothing was written (the folder keeps its previous content)`,
      {
        file: failed.reason instanceof MeUnifyError ? failed.reason.file : output.final,
        cause: failed.reason,
      },
    );
  }
  await pruneClips(framesDir, new Set(samples.map((s) => s.id)), (p) => output.contain(p));
  return done.map((d) => (d as PromiseFulfilledResult<Sample>).value);
}

async function profileOf(
  opts: z.output<typeof CombineOptionsSchema>,
  inputs: readonly Input[],
  samples: readonly Sample[],
  issues: IssueLog,
): Promise<{ name: string; classes: string[] | null }> {
  if (opts.protocol === 'megc2019')
    return { name: 'megc2019', classes: ['negative', 'positive', 'surprise'] };
  if (opts.labels) {
    const p = await loadProfile(opts.labels);
    return { name: p.name, classes: p.classes ?? null };
  }
  const names = [...new Set(samples.map((s) => s.label_profile))];
  if (names.length <= 1) {
    const from = inputs.find((i) => i.info?.label_profile.name === names[0])?.info;
    return { name: names[0] ?? 'original', classes: from?.label_profile.classes ?? null };
  }
  issues.warn(
    'combine.mixed-profiles',
    `the inputs were labelled with different profiles (${names.join(', ')}); their labels are not comparable. Pass --labels <profile> to relabel every sample from its emotion`,
  );
  return { name: 'mixed', classes: null };
}

function compositeInfo(
  inputs: readonly Input[],
  outDir: string,
  opts: z.output<typeof CombineOptionsSchema>,
  mode: 'copy' | 'reference',
  profile: { name: string; classes: string[] | null },
  samples: readonly Sample[],
  skipped: number,
): DatasetInfo {
  const byLabel: Record<string, number> = {};
  for (const s of samples) byLabel[s.label ?? 'null'] = (byLabel[s.label ?? 'null'] ?? 0) + 1;
  const datasets: DatasetInfo['datasets'] = [];
  for (const input of inputs) {
    const from = relativePosix(outDir, input.dir);
    const ids = input.info
      ? input.info.datasets
      : [...new Set(input.samples.map((s) => s.dataset))].map(bareDataset);
    for (const d of ids) datasets.push({ ...d, details: { ...d.details, combined_from: from } });
  }
  const framesModes = inputs.map((i) => i.info?.frames.mode ?? 'none');
  return {
    format_version: FORMAT_VERSION,
    tool: { name: 'me-unify', version: TOOL_VERSION },
    created: new Date().toISOString(),
    datasets,
    label_profile: profile,
    options: {
      combine: {
        inputs: inputs.map((i) => relativePosix(outDir, i.dir)),
        protocol: opts.protocol ?? null,
        labels: opts.labels ?? null,
        frames: mode,
        kind: opts.protocol === 'megc2019' ? 'micro' : opts.kind,
        one_per_event: opts.onePerEvent ?? null,
      },
      ...(opts.protocol ? { protocol: opts.protocol } : {}),
    },
    frames:
      mode === 'copy'
        ? { mode: 'copy', root: 'frames', options: {} }
        : {
            mode: framesModes.includes('none') ? 'none' : framesModes.includes('copy') ? 'copy' : 'process',
            root: relativePosix(outDir, commonAncestor(inputs.map((i) => framesRootOf(i)))) || '.',
            options: {},
          },
    counts: datasetCounts(samples, byLabel, skipped),
  };
}

function bareDataset(id: string): DatasetInfo['datasets'][number] {
  return { id, title: id, layout: null, sources: [], details: {} };
}

function framesRootOf(input: Input): string {
  return path.resolve(input.dir, input.info?.frames.root ?? '.');
}

function commonAncestor(dirs: readonly string[]): string {
  const split = dirs.map((d) => path.resolve(d).split(path.sep));
  const first = split[0] ?? [];
  let n = first.length;
  for (const parts of split.slice(1)) {
    let k = 0;
    while (k < n && k < parts.length && parts[k] === first[k]) k++;
    n = k;
  }
  return first.slice(0, n).join(path.sep) || path.sep;
}
