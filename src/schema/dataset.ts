import { z } from 'zod';
import { ErrataRecordSchema } from '../errata/schema.js';
import { DatasetIdSchema } from './sample.js';

export const SourceFingerprintSchema = z.object({
  /** File name relative to the dataset root. */
  file: z.string().describe('The annotation file, relative to the dataset root.'),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("SHA-256 of the file's bytes (hex)."),
  /** The sheet version recognised from its contents, e.g. `casme2-coding-20140508`, or `unknown`. */
  version: z
    .string()
    .describe('The sheet version recognised from its contents, e.g. `casme2-coding-20140508`, or `unknown`.'),
  rows: z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .describe('Data rows read from the file; null when not a table.'),
});
export type SourceFingerprint = z.infer<typeof SourceFingerprintSchema>;

export const FramesInfoSchema = z.object({
  mode: z
    .enum(['none', 'copy', 'process'])
    .describe(
      'none: paths point at the source frames; copy: frames copied; process: cropped/resized/resampled.',
    ),
  /** Folder the frame paths must stay inside, relative to the manifest's folder. */
  root: z.string().describe("Folder the frame paths must stay inside, relative to the manifest's folder."),
  /** Processing options when mode is `process` (crop, size, temporal resampling…). */
  options: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('Processing options when mode is `process` (crop, size, temporal resampling…).'),
});

/** dataset.json: everything needed to reproduce and trust a converted output. */
export const DatasetInfoSchema = z.object({
  format_version: z
    .string()
    .describe('Version of the me-unify output format (bumped on incompatible change).'),
  tool: z
    .object({
      name: z.literal('me-unify').describe('Always me-unify.'),
      version: z.string().describe('The me-unify version that wrote the output.'),
    })
    .describe('The tool that wrote the output.'),
  created: z.string().describe('When the output was written (ISO 8601, UTC).'),
  datasets: z
    .array(
      z.object({
        id: DatasetIdSchema.describe('The dataset id.'),
        title: z.string().describe('The dataset name for humans (e.g. CASME II).'),
        layout: z
          .string()
          .nullable()
          .describe('The on-disk layout detected or chosen (e.g. raw-selected); null when none.'),
        sources: z.array(SourceFingerprintSchema).describe('Fingerprints of the annotation files read.'),
        details: z
          .record(z.string(), z.unknown())
          .default({})
          .describe(
            'Adapter-specific facts about the source (e.g. the outputs a composite was combined from).',
          ),
        errata: ErrataRecordSchema.optional().describe(
          'With --errata: the list applied (name, sha256) and what became of each correction.',
        ),
      }),
    )
    .describe('The datasets converted (several after combine).'),
  label_profile: z
    .object({
      name: z.string().describe('The profile name (e.g. megc2019, original) or the file it was read from.'),
      classes: z
        .array(z.string())
        .nullable()
        .describe(
          'The classes in order (their index is the class id); null when the profile keeps emotions as they are.',
        ),
    })
    .describe('The label profile applied.'),
  options: z.record(z.string(), z.unknown()).describe('The options of the run (no absolute paths).'),
  frames: FramesInfoSchema.describe('How frames were written and where they live.'),
  counts: z
    .object({
      samples: z.number().int().describe('Samples in the manifest.'),
      subjects: z.number().int().describe('Distinct subjects.'),
      by_label: z.record(z.string(), z.number().int()).describe('Samples per label (`null` for unlabelled).'),
      by_kind: z
        .record(z.string(), z.number().int())
        .optional()
        .describe('Samples per kind (micro, macro); absent in outputs of older versions.'),
      skipped: z.number().int().describe('Rows or clips that did not become samples (see report.json).'),
    })
    .describe('Counts of the output.'),
});
export type DatasetInfo = z.infer<typeof DatasetInfoSchema>;

/** Samples per kind, micro first. */
export function countKinds(samples: readonly { kind: 'micro' | 'macro' }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of ['micro', 'macro'] as const) {
    const n = samples.filter((s) => s.kind === k).length;
    if (n) out[k] = n;
  }
  return out;
}

/** dataset.json's `counts`, the same for a conversion and a combination. */
export function datasetCounts(
  samples: readonly { kind: 'micro' | 'macro'; subject: string }[],
  byLabel: Record<string, number>,
  skipped: number,
): DatasetInfo['counts'] {
  return {
    samples: samples.length,
    subjects: new Set(samples.map((s) => s.subject)).size,
    by_label: byLabel,
    by_kind: countKinds(samples),
    skipped,
  };
}
