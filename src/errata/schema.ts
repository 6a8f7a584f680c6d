import { z } from 'zod';
import { DatasetIdSchema } from '../schema/sample.js';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lower-case hex digits');

/**
 * One correction of a known annotation error. Keyed by clip, never by row number (rows move between
 * copies); applied only where the sheet holds `expected`, so a copy without the error is left alone.
 */
export const ErratumSchema = z
  .object({
    dataset: DatasetIdSchema,
    /** The clip as the sample's `clip` field names it (`028_4_1`, `EP12_01f`). */
    clip: z.string().min(1),
    /** Frame fields are sheet frame numbers (`source_frames`); emotion is the sheet's text. */
    field: z.enum(['onset', 'apex', 'offset', 'emotion']),
    /** The value the sheet must hold for the correction to apply (null: empty/unknown). */
    expected: z.union([z.number(), z.string(), z.null()]),
    value: z.union([z.number(), z.string()]),
    /**
     * The sha256 of the sheets it applies to, or 'any' when the sheets' hashes are not known
     * (then `expected` alone decides).
     */
    sheets: z.union([z.literal('any'), z.array(sha256).min(1)]),
    /** Who proposed it and why, with a public source. */
    citation: z.string().min(1),
  })
  .strict();
export type Erratum = z.infer<typeof ErratumSchema>;

export const ErrataListSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    errata: z.array(ErratumSchema),
  })
  .strict();
export type ErrataList = z.infer<typeof ErrataListSchema>;

/** What became of one correction, as dataset.json records it. */
export const ErratumOutcomeSchema = z.object({
  clip: z.string().describe('The clip the correction names.'),
  field: z.string().describe('The field it corrects (onset, apex, offset, emotion).'),
  expected: z
    .union([z.number(), z.string(), z.null()])
    .describe('The value the sheet had to hold for the correction to apply.'),
  value: z.union([z.number(), z.string()]).describe('The value the correction sets.'),
  found: z
    .union([z.number(), z.string(), z.null()])
    .describe('What the sheet held (null: the clip was not found or the cell was empty).'),
  status: z.enum(['applied', 'not-applied']).describe('Whether the correction was applied.'),
  reason: z.string().nullable().describe('Why it was not applied; null when applied.'),
  samples: z.array(z.string()).describe('Ids of the samples it changed.'),
  citation: z.string().describe('Who proposed the correction and why (a public source).'),
});
export type ErratumOutcome = z.infer<typeof ErratumOutcomeSchema>;

export const ErrataRecordSchema = z.object({
  list: z.string().describe("The errata list's name (a built-in name or the file's name)."),
  sha256: sha256.describe("sha256 of the errata list's file."),
  outcomes: z.array(ErratumOutcomeSchema).describe('What became of each correction in the list.'),
});
export type ErrataRecord = z.infer<typeof ErrataRecordSchema>;
