import { z } from 'zod';

/** Bumped when the manifest format changes incompatibly. */
export const FORMAT_VERSION = '1.0';

export const DatasetIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a dataset id is lower-case letters, digits and dashes');
export type DatasetId = z.infer<typeof DatasetIdSchema>;

/** One action unit as coded: `L12C` is AU 12, left side, intensity C. */
export const ActionUnitSchema = z.object({
  au: z.number().int().nonnegative(),
  side: z.enum(['L', 'R']).nullable(),
  asymmetric: z.boolean(),
  intensity: z.enum(['A', 'B', 'C', 'D', 'E']).nullable(),
  /** The other intensity the coder allowed: `4A/B` (A, alternatively B), `12(B/C)`; absent when none. */
  intensity_alt: z.enum(['A', 'B', 'C', 'D', 'E']).optional(),
  /** true when the coder wrote alternatives (`4 or 7`, `4/7`) or a question mark. */
  uncertain: z.boolean(),
  token: z.string(),
});
export type ActionUnit = z.infer<typeof ActionUnitSchema>;

export const ApexSourceSchema = z.enum(['annotated', 'midpoint', 'errata', 'missing']);
export type ApexSource = z.infer<typeof ApexSourceSchema>;

const frameNumber = z.number().nullable();

const JsonValue: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(JsonValue),
    z.record(z.string(), JsonValue),
  ]),
);

export const SampleSourceSchema = z.object({
  /** The clip's folder (or video), relative to the dataset root; POSIX separators. */
  directory: z.string().nullable(),
  /** The annotation sheet's file name, relative to the dataset root. */
  sheet: z.string().nullable(),
  /** The sheet tab. */
  sheet_name: z.string().nullable(),
  /** 1-based row number as Excel shows it. */
  row: z.number().int().positive().nullable(),
});

export const VideoRefSchema = z.object({
  /** Path of the video, relative to the manifest's folder. */
  path: z.string(),
  start_time: z.number().nonnegative(),
  end_time: z.number().nonnegative(),
});

const PointSchema = z.tuple([z.number(), z.number()]);
const BoxSchema = z.object({
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  w: z.number().int().positive(),
  h: z.number().int().positive(),
});

/**
 * What `--frames process` did to a sample's pixels and timeline (null for none/copy). Coordinates
 * are pixels of the source frames; `temporal.positions[j]` is the fractional index into the
 * source span that output frame j was made from (its original→new index mapping).
 */
export const ProcessingSchema = z.object({
  crop: z
    .object({
      mode: z.enum(['none', 'box', 'file', 'face']),
      /** The box cut from every frame (after rotation when aligned); null with mode none. */
      box: BoxSchema.nullable(),
      /** Degrees the frames were rotated (clockwise) to level the eyes; 0 when not aligned. */
      rotation: z.number(),
      /** face mode: the detector's face box and score on the detection frame. */
      face: z.object({ frame: z.number().int().nonnegative(), score: z.number(), box: BoxSchema }).nullable(),
      /** face mode: the 68 landmarks (iBUG order) found on the detection frame, source pixels. */
      landmarks: z.array(PointSchema).nullable(),
    })
    .strict(),
  size: z
    .object({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      fit: z.enum(['cover', 'contain', 'pad']),
    })
    .nullable(),
  gray: z.boolean(),
  image_format: z.enum(['jpg', 'png', 'webp']),
  temporal: z
    .object({
      method: z.enum(['none', 'nearest', 'linear', 'tim']),
      source_frames: z.number().int().nonnegative(),
      source_fps: z.number().positive(),
      positions: z.array(z.number()),
    })
    .strict(),
});
export type Processing = z.infer<typeof ProcessingSchema>;

export const SampleSchema = z
  .object({
    id: z.string().min(1),
    dataset: DatasetIdSchema,
    subset: z.string().nullable(),
    /**
     * A person within the population that was recorded, `<population>/<person>` (`samm/006` for
     * SAMM and SAMM-LV, `smic/s01` for SMIC HS/VIS/NIR and SMIC-E): every dataset drawn from the
     * same recordings shares it, so splits never put one person on both sides.
     */
    subject: z
      .string()
      .min(1)
      .describe(
        "A person within the recorded population, '<population>/<person>': shared by every dataset drawn from the same recordings (samm/006 for SAMM and SAMM-LV, smic/s01 for SMIC HS/VIS/NIR and SMIC-E, casme2/sub01, mmme/p01)",
      ),
    /**
     * The movement recorded: samples sharing it record the same movement (a SAMM-LV micro row and
     * its SAMM clip, a SMIC-E interval and its SMIC-HS clip). Null in hand-made manifests means the
     * sample's own movement (its id). Splits never put one event on both sides.
     */
    event: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'The movement recorded, shared by every sample that records it (a SAMM-LV micro row and its SAMM clip: samm/006_1_2; a SMIC-E interval and its SMIC-HS clip: smic/s1_ne_01). Null means the sample alone records it (as its id).',
      ),
    clip: z.string().min(1),
    kind: z.enum(['micro', 'macro']),
    fps: z.number().positive().max(10_000),
    frame_count: z.number().int().nonnegative(),
    /** Frame paths relative to the manifest's folder, POSIX separators, temporal order. */
    frames: z.array(z.string().min(1)),
    /** When frames were not extracted from a video: the segment of the video the sample covers. */
    video: VideoRefSchema.nullable().default(null),
    onset: z.number().int().nonnegative(),
    apex: z.number().int().nonnegative().nullable(),
    offset: z.number().int().nonnegative(),
    source_frames: z.object({ onset: frameNumber, apex: frameNumber, offset: frameNumber }),
    apex_source: ApexSourceSchema,
    emotion: z.string().nullable(),
    label: z.string().nullable(),
    label_profile: z.string(),
    aus: z.array(ActionUnitSchema),
    aus_raw: z.string().nullable(),
    source: SampleSourceSchema,
    extra: z.record(z.string(), JsonValue),
    /** With `--frames process`: crop, size, encoding and temporal resampling applied. */
    processing: ProcessingSchema.nullable().default(null),
  })
  .strict();
export type Sample = z.infer<typeof SampleSchema>;
export type SampleInput = z.input<typeof SampleSchema>;
