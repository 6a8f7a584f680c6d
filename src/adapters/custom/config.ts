import path from 'node:path';
import { z } from 'zod';
import { describeError, MeUnifyError, usageError } from '../../issues/errors.js';
import { DatasetIdSchema } from '../../schema/sample.js';
import { readRegularFile } from '../../sources/regular-file.js';

/** A path the config names inside the dataset folder: relative, and no `..` step out of it. */
function insideDataset(p: string): boolean {
  return !p.split(/[\\/]/).includes('..') && !path.isAbsolute(p) && !/^[A-Za-z]:/.test(p);
}
const INSIDE = 'expected a path inside the dataset folder (no "..", not absolute)';

const column = z.string().trim().min(1, 'expected a column name as written in the header row');

/**
 * A declarative adapter (`--format custom --config my.json`, README § Custom adapter): which sheet,
 * which columns, where the frames are. Every field is checked; a mistake is reported with the
 * config file, the field path and what was expected.
 */
export const CustomConfigSchema = z
  .object({
    /** The dataset id written into samples (`mylab-me`). */
    dataset: DatasetIdSchema,
    title: z.string().min(1).optional(),
    /** Whose people were filmed (subjects are `<population>/<person>`); default the dataset id. Name another dataset's population when this one re-uses its recordings. */
    population: DatasetIdSchema.optional(),
    fps: z.number().positive().max(1000, 'expected frames per second between 1 and 1000'),
    kind: z.enum(['micro', 'macro']).default('micro'),
    sheet: z
      .object({
        /** The annotation sheet (.xlsx, .xls or .csv), relative to the dataset folder. */
        file: z
          .string()
          .min(1, 'expected the sheet file, relative to the dataset folder')
          .refine(insideDataset, INSIDE),
        /** The tab to read; default the first tab holding the mapped columns. */
        name: z.string().min(1).optional(),
        /** 1-based row of the header as Excel shows it; default: found by the mapped column names. */
        header_row: z.number().int().positive().optional(),
      })
      .strict(),
    columns: z
      .object({
        subject: column,
        clip: column,
        onset: column,
        offset: column,
        apex: column.optional(),
        emotion: column.optional(),
        aus: column.optional(),
      })
      .strict(),
    frames: z
      .object({
        /** Clip folder relative to the dataset folder, with `{subject}` and `{clip}` from the sheet. */
        folder: z
          .string()
          .min(1)
          .refine((p) => p.includes('{clip}'), 'expected a pattern holding {clip}, e.g. "{subject}/{clip}"')
          .refine(insideDataset, INSIDE),
        /** Frame file names, with `{frame}` where the frame number is (`img{frame}.jpg`); default any numbered image. */
        file: z
          .string()
          .refine(
            (p) => p.split('{frame}').length === 2,
            'expected a pattern with one {frame}, e.g. "img{frame}.jpg"',
          )
          .optional(),
      })
      .strict(),
    /** Written before the subject in ids (`s` makes subject `1` into `mylab-me/s1`). */
    subject_prefix: z
      .string()
      .refine(
        (p) => !/[\\/\0]/.test(p) && p !== '.' && p !== '..',
        'expected plain text written before the subject (no "/", "\\", NUL, "." or ".."): it becomes part of a folder name in the output',
      )
      .default(''),
    /** Zero-pad subject numbers to this width, in ids and in `{subject}` (folders `sub01` need 2). */
    subject_pad: z.number().int().min(0).max(6).default(0),
  })
  .strict();
export type CustomConfig = z.output<typeof CustomConfigSchema>;

/** Reads and checks a custom adapter config; throws naming the file, field and expectation. */
export async function loadCustomConfig(
  file: string | undefined,
): Promise<{ file: string; config: CustomConfig; text: string }> {
  if (!file)
    throw usageError(
      '--format custom needs --config <file.json> describing the sheet, columns and frame folders',
    );
  const abs = path.resolve(file);
  let text: string;
  try {
    text = (await readRegularFile(abs, 'custom adapter config')).toString('utf8');
  } catch (err) {
    if (err instanceof MeUnifyError) throw usageError(err.message, abs);
    throw usageError(`${file}: cannot read the custom adapter config (${describeError(err)})`, abs);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new MeUnifyError(`${file}: not valid JSON (${describeError(err)})`, { file: abs, exitCode: 2 });
  }
  const parsed = CustomConfigSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`);
    throw new MeUnifyError(
      `${file}: not a valid custom adapter config (${lines.length} problem${lines.length === 1 ? '' : 's'}):\n${lines.join('\n')}\nSee README § Custom adapter for every field.`,
      { file: abs, exitCode: 2 },
    );
  }
  return { file: abs, config: parsed.data, text };
}
