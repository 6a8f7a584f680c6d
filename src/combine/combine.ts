import { copyFile, link, mkdir } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { datasetCard } from '../card/card.js';
import { OutputDir } from '../convert/output.js';
import { withLabelIds } from '../labels/label-id.js';
import { labeller, loadProfile } from '../labels/profile.js';
import { locateManifest, readDatasetInfo, readManifest } from '../manifest/read.js';
import { writeManifests } from '../manifest/write-all.js';
import { selectMegc2019 } from '../protocols/megc2019.js';
import { subjectKey } from '../protocols/splits.js';
import { MeUnifyError, usageError } from '../report/errors.js';
import { IssueLog } from '../report/issues.js';
import type { DatasetInfo } from '../schema/dataset.js';
import type { Report } from '../schema/issue.js';
import { FORMAT_VERSION, type Sample } from '../schema/sample.js';
import { isInside, relativePosix } from '../sources/fs.js';
import { TOOL_VERSION } from '../version.js';

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

  let samples = mergeSamples(inputs, output.final);
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
  if (mode === 'copy') samples = await copyAllFrames(samples, output, opts.jobs, issues);

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
}

async function readInput(target: string): Promise<Input> {
  const loc = await locateManifest(target);
  const samples = await readManifest(target);
  const info = loc.datasetJson ? await readDatasetInfo(loc.datasetJson) : null;
  return { dir: loc.dir, manifest: loc.manifest, info, samples };
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
function mergeSamples(inputs: readonly Input[], outDir: string): Sample[] {
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
      merged.push({
        ...s,
        id,
        subject: subjectKey(s),
        frames: s.frames.map(repoint),
        video: s.video ? { ...s.video, path: repoint(s.video.path) } : null,
        extra: { ...s.extra },
      });
    }
  }
  return merged;
}

/** Frames into frames/<id>/000000.ext: hard links when possible (free, immutable frames), else copies. */
async function copyAllFrames(
  samples: readonly Sample[],
  output: OutputDir,
  jobs: number,
  issues: IssueLog,
): Promise<Sample[]> {
  const limit = pLimit(jobs);
  const done = await Promise.all(
    samples.map((s) =>
      limit(async () => {
        const rel = ['frames', ...s.id.split('/')];
        await mkdir(path.join(output.staging, ...rel), { recursive: true });
        const frames: string[] = [];
        for (const [i, f] of s.frames.entries()) {
          const name = `${String(i).padStart(6, '0')}${path.extname(f).toLowerCase()}`;
          const from = path.resolve(output.final, f);
          const to = path.join(output.staging, ...rel, name);
          try {
            await link(from, to).catch(async (err: NodeJS.ErrnoException) => {
              if (err.code === 'EEXIST') return;
              await copyFile(from, to);
            });
          } catch (err) {
            issues.error(
              'frames.copy',
              `could not copy frame ${f} (${err instanceof Error ? err.message : err}); the sample is left out`,
              { sample: s.id, file: f },
            );
            return null;
          }
          frames.push([...rel, name].join('/'));
        }
        return { ...s, frames };
      }),
    ),
  );
  const kept = done.filter((s): s is Sample => s !== null);
  if (kept.length < samples.length)
    throw new MeUnifyError(
      `combine stopped: ${samples.length - kept.length} samples' frames could not be copied (first: ${issues.issues.find((i) => i.code === 'frames.copy')?.message}); nothing was written. Check the inputs with 'me-unify validate'`,
    );
  return kept;
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
    counts: {
      samples: samples.length,
      subjects: new Set(samples.map((s) => s.subject)).size,
      by_label: byLabel,
      skipped,
    },
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
