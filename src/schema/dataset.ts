import { z } from 'zod';
import { ErrataRecordSchema } from '../errata/schema.js';
import { DatasetIdSchema } from './sample.js';

export const SourceFingerprintSchema = z.object({
  /** File name relative to the dataset root. */
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** The sheet version recognised from its contents, e.g. `casme2-coding-20140508`, or `unknown`. */
  version: z.string(),
  rows: z.number().int().nonnegative().nullable(),
});
export type SourceFingerprint = z.infer<typeof SourceFingerprintSchema>;

export const FramesInfoSchema = z.object({
  mode: z.enum(['none', 'copy', 'process']),
  /** Folder the frame paths must stay inside, relative to the manifest's folder. */
  root: z.string(),
  /** Processing options when mode is `process` (crop, size, temporal resampling…). */
  options: z.record(z.string(), z.unknown()).default({}),
});

/** dataset.json: everything needed to reproduce and trust a converted output. */
export const DatasetInfoSchema = z.object({
  format_version: z.string(),
  tool: z.object({ name: z.literal('me-unify'), version: z.string() }),
  created: z.string(),
  datasets: z.array(
    z.object({
      id: DatasetIdSchema,
      title: z.string(),
      layout: z.string().nullable(),
      sources: z.array(SourceFingerprintSchema),
      details: z.record(z.string(), z.unknown()).default({}),
      /** With `--errata`: the list applied and what became of each correction. */
      errata: ErrataRecordSchema.optional(),
    }),
  ),
  label_profile: z.object({ name: z.string(), classes: z.array(z.string()).nullable() }),
  options: z.record(z.string(), z.unknown()),
  frames: FramesInfoSchema,
  counts: z.object({
    samples: z.number().int(),
    subjects: z.number().int(),
    by_label: z.record(z.string(), z.number().int()),
    /** Samples per kind (micro, macro); absent in outputs of older versions. */
    by_kind: z.record(z.string(), z.number().int()).optional(),
    skipped: z.number().int(),
  }),
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
