import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { packagePath } from '../package-root.js';
import { jsonNamesIn } from '../sources/json-names.js';

/** Recipes live as JSON in data/flow/, each with its source and what in it is verified or assumed. */
export const RECIPES_DIR = packagePath('data', 'flow');

const Size = z.tuple([z.number().int().positive(), z.number().int().positive()]);
const Resize = z.enum(['linear', 'area', 'cubic']);

export const RecipeSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9-]+$/),
    description: z.string(),
    source: z.string(),
    /** Resize of the 8-bit grey frames before the flow ([width, height]), null = as converted. */
    input: z.object({ size: Size.nullable(), resize: Resize.nullable() }).strict(),
    strain: z.enum(['backward-diff', 'sobel3']).nullable(),
    /** The derived image: [u, v, strain] resized (float), then normalised per channel. */
    output: z
      .object({
        size: Size,
        resize: Resize.nullable(),
        normalise: z.enum(['minmax01', 'minmax255']),
        /** After normalising: MEAN's landmark regions (src/flow/regions.ts) replace the full image. */
        regions: z.enum(['mean-landmarks']).nullable().default(null),
        /** Smallest region box [width, height]; a smaller box grows to it (regions.ts). null = 1×1. */
        region_min_size: Size.nullable().default(null),
        /** Detector score a landmark recipe needs on the onset (null = regions.ts's FACE_MIN_SCORE). */
        face_min_score: z.number().gt(0).lt(1).nullable().default(null),
        png: z.boolean(),
      })
      .strict()
      .nullable(),
    verified: z.array(z.string()),
    assumed: z.array(z.string()),
  })
  .strict()
  .refine((r) => r.output?.regions !== 'mean-landmarks' || r.output.size.join() === '42,42', {
    message: "output.regions 'mean-landmarks' makes 42×42 images: output.size must be [42, 42]",
  });
export type Recipe = z.infer<typeof RecipeSchema>;

/** The built-in recipes: data/flow/*.json. */
export function recipeNames(): string[] {
  return jsonNamesIn(RECIPES_DIR);
}

export async function loadRecipe(name: string): Promise<Recipe> {
  if (!/^[a-z0-9-]+$/.test(name))
    throw new Error(`recipe name '${name}': expected lower-case letters, digits, '-'`);
  const file = path.join(RECIPES_DIR, `${name}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`no flow recipe '${name}' (looked for ${file}); known: ${recipeNames().join(', ')}`);
  }
  const parsed = RecipeSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`${file}: not a valid recipe: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}
