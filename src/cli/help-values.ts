import { ADAPTERS } from '../adapters/registry.js';
import { ConvertOptionsSchema } from '../convert/options.js';
import { ERRATA_DIR } from '../errata/load.js';
import { recipeNames } from '../flow/recipe.js';
import { PROFILES_DIR } from '../labels/profile.js';
import { SPLIT_PROTOCOLS } from '../protocols/splits.js';
import { jsonNamesIn } from '../sources/json-names.js';

/**
 * The values options accept, for `--help`: read from the same registries and folders the code
 * checks the options against, so help and validation cannot drift apart.
 */

/** `--kind`: the convert option's schema is the one list (every command filters the same way). */
export const KIND_CHOICES = ConvertOptionsSchema.shape.kind.unwrap().options;

export const PROTOCOL_CHOICES = SPLIT_PROTOCOLS;

export function choices(values: readonly string[]): string {
  return values.join(' | ');
}

export function datasetIds(): string[] {
  return ADAPTERS.map((a) => a.id);
}

export function profileNames(): string[] {
  return jsonNamesIn(PROFILES_DIR);
}

export function errataNames(): string[] {
  return jsonNamesIn(ERRATA_DIR);
}

export { recipeNames };

/** Per dataset, what `--layout` accepts: `casme2: raw-selected | cropped | raw; …`. */
export function layoutChoices(): string {
  return ADAPTERS.filter((a) => a.layouts && a.layouts.length > 0)
    .map((a) => `${a.id}: ${choices(a.layouts ?? [])}`)
    .join('; ');
}
