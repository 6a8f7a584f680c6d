import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describeError } from '../issues/errors.js';
import { readManifest } from '../manifest/read.js';
import { decodeNpy } from './npy.js';
import { type Recipe, RecipeSchema } from './recipe.js';
import type { FlowEntry } from './run.js';

/**
 * Validity of a flow folder: every flow names a sample of the source manifest, and every file
 * exists with the shape the recipe promises. Returns the problems (empty = valid), each naming the file.
 */
export async function checkFlows(flowDir: string, source: string): Promise<string[]> {
  const problems: string[] = [];
  const metaFile = path.join(flowDir, 'flow.json');
  const meta = JSON.parse(await readFile(metaFile, 'utf8')) as { recipe: unknown };
  const recipe: Recipe = RecipeSchema.parse(meta.recipe);
  const ids = new Set((await readManifest(source)).map((s) => s.id));
  const lines = (await readFile(path.join(flowDir, 'flows.jsonl'), 'utf8'))
    .split('\n')
    .filter((l) => l.trim());
  for (const line of lines) {
    const e = JSON.parse(line) as FlowEntry;
    if (!ids.has(e.id)) problems.push(`flows.jsonl: flow for sample ${e.id}, which is not in ${source}`);
    try {
      const flow = decodeNpy(await readFile(path.join(flowDir, e.flow)));
      const want = recipe.input.size
        ? [recipe.input.size[1], recipe.input.size[0], 2]
        : [e.height, e.width, 2];
      if (flow.shape.join() !== want.join())
        problems.push(`${e.flow}: shape (${flow.shape.join(', ')}), expected (${want.join(', ')})`);
      if (e.strain) {
        const strain = decodeNpy(await readFile(path.join(flowDir, e.strain)));
        if (strain.shape.join() !== want.slice(0, 2).join())
          problems.push(
            `${e.strain}: shape (${strain.shape.join(', ')}), expected (${want.slice(0, 2).join(', ')})`,
          );
      }
      if (recipe.output?.png) {
        if (!e.image)
          problems.push(`flows.jsonl: sample ${e.id} has no image, recipe ${recipe.name} makes one`);
        else {
          const m = await sharp(path.join(flowDir, e.image)).metadata();
          const [w, h] = recipe.output.size;
          if (m.width !== w || m.height !== h)
            problems.push(`${e.image}: ${m.width}x${m.height}, expected ${w}x${h}`);
        }
      }
    } catch (err) {
      problems.push(`sample ${e.id}: ${describeError(err)}`);
    }
  }
  return problems;
}
