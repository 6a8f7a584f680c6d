import { z } from 'zod';

/** Bumped when the manifest format changes incompatibly. */
export const FORMAT_VERSION = '1.0';

export const DatasetIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a dataset id is lower-case letters, digits and dashes');
export type DatasetId = z.infer<typeof DatasetIdSchema>;

/** One action unit as coded: `L12C` is AU 12, left side, intensity C. */
export const ActionUnitSchema = z.object({
  au: z.number().int().nonnegative().describe('FACS action unit number (12 for AU12).'),
  side: z
    .enum(['L', 'R'])
    .nullable()
    .describe('Unilateral side as coded (L or R), null when bilateral or not stated.'),
  asymmetric: z.boolean().describe('true when coded asymmetric (prefix A, as in A12).'),
  intensity: z
    .enum(['A', 'B', 'C', 'D', 'E'])
    .nullable()
    .describe('FACS intensity letter A (trace) to E (maximum), null when not coded.'),
  intensity_alt: z
    .enum(['A', 'B', 'C', 'D', 'E'])
    .optional()
    .describe('The other intensity the coder allowed (4A/B: A, alternatively B; 12(B/C)); absent when none.'),
  /** true when the coder wrote alternatives (`4 or 7`, `4/7`) or a question mark. */
  uncertain: z.boolean().describe('true when the coder wrote alternatives (4 or 7, 4/7) or a question mark.'),
  static: z
    .literal(true)
    .optional()
    .describe('Marked static by the coder (4DME writes `(k)`, as in AU4(k)); absent otherwise.'),
  token: z.string().describe('The AU exactly as written in the sheet (e.g. L12C).'),
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
  directory: z
    .string()
    .nullable()
    .describe("The clip's folder (or video), relative to the dataset root; POSIX separators."),
  /** The annotation sheet's file name, relative to the dataset root. */
  sheet: z
    .string()
    .nullable()
    .describe(
      "The annotation sheet's file name, relative to the dataset root; null when labels come from folder names.",
    ),
  /** The sheet tab. */
  sheet_name: z.string().nullable().describe('The sheet tab the row was read from.'),
  /** 1-based row number as Excel shows it. */
  row: z.number().int().positive().nullable().describe('1-based row number as Excel shows it.'),
});

export const VideoRefSchema = z.object({
  /** Path of the video, relative to the manifest's folder. */
  path: z.string().describe("Path of the video, relative to the manifest's folder."),
  start_time: z.number().nonnegative().describe('Start of the segment, seconds from the start of the video.'),
  end_time: z.number().nonnegative().describe('End of the segment, seconds from the start of the video.'),
});

const PointSchema = z.tuple([z.number(), z.number()]);
const BoxSchema = z.object({
  x: z.number().int().nonnegative().describe('Left edge, source pixels.'),
  y: z.number().int().nonnegative().describe('Top edge, source pixels.'),
  w: z.number().int().positive().describe('Width, pixels.'),
  h: z.number().int().positive().describe('Height, pixels.'),
});

/**
 * What `--frames process` did to a sample's pixels and timeline (null for none/copy). Coordinates
 * are pixels of the source frames; `temporal.positions[j]` is the fractional index into the
 * source span that output frame j was made from (its original→new index mapping).
 */
export const ProcessingSchema = z.object({
  crop: z
    .object({
      mode: z
        .enum(['none', 'box', 'file', 'face'])
        .describe(
          'How the crop was chosen: none, one box for all (--crop x,y,w,h), a crop box file, or face detection.',
        ),
      /** The box cut from every frame (after rotation when aligned); null with mode none. */
      box: BoxSchema.nullable().describe(
        'The box cut from every frame (after rotation when aligned); null with mode none.',
      ),
      /** Degrees the frames were rotated (clockwise) to level the eyes; 0 when not aligned. */
      rotation: z
        .number()
        .describe('Degrees the frames were rotated (clockwise) to level the eyes; 0 when not aligned.'),
      /** face mode: the detector's face box and score on the detection frame. */
      face: z
        .object({
          frame: z
            .number()
            .int()
            .nonnegative()
            .describe('Index (into the source span) of the detection frame.'),
          score: z.number().describe("The detector's confidence."),
          box: BoxSchema.describe('The detected face box, source pixels.'),
        })
        .nullable()
        .describe("face mode: the detector's face box and score on the detection frame."),
      /** face mode: the 68 landmarks (iBUG order) found on the detection frame, source pixels. */
      landmarks: z
        .array(PointSchema)
        .nullable()
        .describe(
          'face mode: the 68 landmarks (iBUG order) found on the detection frame, source pixels [x, y].',
        ),
    })
    .strict()
    .describe('The spatial crop applied to every frame.'),
  size: z
    .object({
      width: z.number().int().positive().describe('Output frame width, pixels.'),
      height: z.number().int().positive().describe('Output frame height, pixels.'),
      fit: z.enum(['cover', 'contain', 'pad']).describe('How the crop was fitted to the size (as in sharp).'),
    })
    .nullable()
    .describe('The output frame size; null when frames kept the crop size.'),
  gray: z.boolean().describe('true when frames were converted to grayscale.'),
  image_format: z.enum(['jpg', 'png', 'webp']).describe('The encoding of the written frames.'),
  temporal: z
    .object({
      method: z
        .enum(['none', 'nearest', 'linear', 'tim'])
        .describe('Temporal resampling: none, nearest frame, linear blend, or temporal interpolation (TIM).'),
      source_frames: z
        .number()
        .int()
        .nonnegative()
        .describe('Number of source frames in the span resampled.'),
      source_fps: z.number().positive().describe('Frame rate of the source.'),
      positions: z
        .array(z.number())
        .describe(
          'positions[j] is the fractional index into the source span that output frame j was made from.',
        ),
    })
    .strict()
    .describe('Temporal resampling applied to the span.'),
});
export type Processing = z.infer<typeof ProcessingSchema>;

export const SampleSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .describe('Stable unique id, `<dataset>/<subject>/<clip>` (e.g. `casme2/sub01/EP02_01f`).'),
    dataset: DatasetIdSchema.describe(
      'The dataset id (casme2, samm, samm-lv, smic, smic-e, mmme, custom ids).',
    ),
    subset: z
      .string()
      .nullable()
      .describe('The camera or part within the dataset (SMIC: hs, vis, nir), else null.'),
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
    clip: z.string().min(1).describe("The source's clip name (pseudonymised where it embeds a name)."),
    kind: z.enum(['micro', 'macro']).describe('micro- or macro-expression.'),
    fps: z.number().positive().max(10_000).describe('Frame rate of `frames` (after resampling, if any).'),
    frame_count: z.number().int().nonnegative().describe('Number of entries in `frames`.'),
    /** Frame paths relative to the manifest's folder, POSIX separators, temporal order. */
    frames: z
      .array(z.string().min(1))
      .describe("Frame paths relative to the manifest's folder, POSIX separators, temporal order."),
    /** When frames were not extracted from a video: the segment of the video the sample covers. */
    video: VideoRefSchema.nullable()
      .default(null)
      .describe('When frames were not extracted from a video: the segment of the video the sample covers.'),
    onset: z.number().int().nonnegative().describe('0-based index into `frames` of the onset frame.'),
    apex: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .describe('0-based index into `frames` of the apex frame; null when unknown (see apex_source).'),
    offset: z.number().int().nonnegative().describe('0-based index into `frames` of the offset frame.'),
    source_frames: z
      .object({
        onset: frameNumber.describe(
          "Onset in the source's own numbering (sheet frame number or file number).",
        ),
        apex: frameNumber.describe("Apex in the source's own numbering; null when not annotated."),
        offset: frameNumber.describe("Offset in the source's own numbering."),
      })
      .describe('onset, apex and offset as the source numbers them (may be fractional, e.g. SAMM-LV).'),
    apex_source: ApexSourceSchema.describe(
      'Where the apex comes from: annotated, midpoint of onset and offset, errata (a documented correction), or missing.',
    ),
    emotion: z
      .string()
      .nullable()
      .describe('The emotion exactly as the source wrote it (sheet cell or folder name).'),
    label: z
      .string()
      .nullable()
      .describe('The class under the label profile, or null when the profile maps it to none.'),
    label_id: z
      .number()
      .int()
      .nonnegative()
      .nullable()
      .default(null)
      .describe(
        "The label's class index in the profile's classes (dataset.json label_profile.classes); null without a label or class list.",
      ),
    label_profile: z.string().describe('The label profile that produced `label` (e.g. megc2019, original).'),
    aus: z.array(ActionUnitSchema).describe('The action units, parsed from aus_raw.'),
    aus_raw: z.string().nullable().describe('The action-unit cell as written in the source.'),
    source: SampleSourceSchema.describe('Where the sample came from: folder, sheet, tab and row.'),
    extra: z
      .record(z.string(), JsonValue)
      .describe('Dataset-specific fields (objective class, inducement code, notes, …), as JSON.'),
    /** With `--frames process`: crop, size, encoding and temporal resampling applied. */
    processing: ProcessingSchema.nullable()
      .default(null)
      .describe('With `--frames process`: crop, size, encoding and temporal resampling applied; else null.'),
  })
  .strict();
export type Sample = z.infer<typeof SampleSchema>;
export type SampleInput = z.input<typeof SampleSchema>;
