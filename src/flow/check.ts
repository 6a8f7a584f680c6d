import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describeError } from '../issues/errors.js';
import { readManifest } from '../manifest/read.js';
import type { Sample } from '../schema/sample.js';
import { decodeNpy } from './npy.js';
import { type Recipe, RecipeSchema } from './recipe.js';
import type { FlowEntry } from './run.js';

/**
 * Validity of a flow folder: every flow names a sample of the source manifest (once, with the
 * onset and apex frames that sample has now), and every file exists with the shape the recipe
 * promises. Returns the problems (empty = valid), each naming the file.
 */
export async function checkFlows(flowDir: string, source: string): Promise<string[]> {
  const problems: string[] = [];
  const metaFile = path.join(flowDir, 'flow.json');
  let meta: { recipe: unknown; count?: unknown };
  let recipe: Recipe;
  try {
    meta = JSON.parse(await readFile(metaFile, 'utf8')) as typeof meta;
    recipe = RecipeSchema.parse(meta.recipe);
  } catch (err) {
    return [`${metaFile}: not a readable flow.json with a recipe (${describeError(err)})`];
  }
  const samples = new Map((await readManifest(source)).map((s) => [s.id, s]));
  const listFile = path.join(flowDir, 'flows.jsonl');
  const list = await readFile(listFile, 'utf8').catch((err: unknown) => {
    problems.push(`${listFile}: cannot be read (${describeError(err)})`);
    return '';
  });
  const lines = list.split('\n').filter((l) => l.trim());
  if (meta.count !== lines.length)
    problems.push(`flow.json: count ${String(meta.count)}, but flows.jsonl has ${lines.length} flows`);
  const seen = new Set<string>();
  for (const line of lines) {
    const e = JSON.parse(line) as FlowEntry;
    if (seen.has(e.id)) problems.push(`flows.jsonl: sample ${e.id} has more than one flow`);
    seen.add(e.id);
    const s = samples.get(e.id);
    if (!s) problems.push(`flows.jsonl: flow for sample ${e.id}, which is not in ${source}`);
    else problems.push(...staleFrames(e, s, source));
    try {
      problems.push(...(await fileShapes(flowDir, e, recipe)));
    } catch (err) {
      problems.push(`sample ${e.id}: ${describeError(err)}`);
    }
  }
  return problems;
}

/** A flow computed from other frames than the sample's onset and apex now (re-converted source). */
function staleFrames(e: FlowEntry, s: Sample, source: string): string[] {
  const onset = s.frames[s.onset];
  const apex = s.apex === null ? null : s.frames[s.apex];
  if (e.onset_frame === onset && e.apex_frame === apex) return [];
  return [
    `flows.jsonl: flow for sample ${e.id} ran from ${e.onset_frame} to ${e.apex_frame}, but in ${source} its onset is ${onset} and its apex ${apex ?? 'missing'}`,
  ];
}

async function fileShapes(flowDir: string, e: FlowEntry, recipe: Recipe): Promise<string[]> {
  const problems: string[] = [];
  const flow = decodeNpy(await readFile(path.join(flowDir, e.flow)));
  const want = recipe.input.size ? [recipe.input.size[1], recipe.input.size[0], 2] : [e.height, e.width, 2];
  if (flow.shape.join() !== want.join())
    problems.push(`${e.flow}: shape (${flow.shape.join(', ')}), expected (${want.join(', ')})`);
  if (recipe.strain && !e.strain)
    problems.push(`flows.jsonl: sample ${e.id} has no strain, recipe ${recipe.name} makes one`);
  if (e.strain) {
    const strain = decodeNpy(await readFile(path.join(flowDir, e.strain)));
    if (strain.shape.join() !== want.slice(0, 2).join())
      problems.push(
        `${e.strain}: shape (${strain.shape.join(', ')}), expected (${want.slice(0, 2).join(', ')})`,
      );
  }
  if (recipe.output?.png) {
    if (!e.image) problems.push(`flows.jsonl: sample ${e.id} has no image, recipe ${recipe.name} makes one`);
    else {
      const m = await sharp(path.join(flowDir, e.image)).metadata();
      const [w, h] = recipe.output.size;
      const channels = recipe.strain ? 3 : 2;
      if (m.width !== w || m.height !== h || m.channels !== channels)
        problems.push(
          `${e.image}: ${m.width}x${m.height}, ${m.channels} channels, expected ${w}x${h}, ${channels}`,
        );
    }
  }
  return problems;
}
