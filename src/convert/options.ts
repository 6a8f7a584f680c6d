import { z } from 'zod';
import type { Adapter } from '../adapters/adapter.js';
import { ProcessOptionsShape } from '../frames/spec.js';
import { ErrorPolicySchema } from '../issues/policy.js';

export const ConvertOptionsSchema = z.object({
  root: z.string().min(1),
  out: z.string().min(1),
  format: z.string().optional(),
  labels: z.string().default('original'),
  frames: z.enum(['none', 'copy', 'process']).default('none'),
  span: z.enum(['onset-offset', 'full', 'onset-apex']).default('onset-offset'),
  onError: ErrorPolicySchema.default('fail'),
  onlyLabeled: z.boolean().default(false),
  /** Which movements to convert: micro-expressions, macro-expressions or both. */
  kind: z.enum(['micro', 'macro', 'all']).default('all'),
  /**
   * `--frames none` on a source whose paths hold personal names (MMME) is refused unless this is
   * set: the manifest's paths then carry pseudonyms and do not resolve as written.
   */
  pseudonymisedPaths: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  limit: z.number().int().positive().optional(),
  overwrite: z.boolean().default(false),
  jobs: z.number().int().positive().max(256).optional(),
  layout: z.string().optional(),
  sheet: z.string().optional(),
  /** The custom adapter's JSON config (`--format custom`). */
  config: z.string().optional(),
  apexPolicy: z.enum(['midpoint', 'missing']).optional(),
  /** `--errata <name|file>`: corrections of known annotation errors, opt-in (src/errata/). */
  errata: z.string().optional(),
  /** MMME: write the participant name → pseudonym map to this file (never inside the output). */
  subjectMap: z.string().optional(),
  /**
   * The adapter's own options by name (`--option key=value`), checked by its `options` schema;
   * they win over the flags above that alias them (`layout`, `sheet`, `config`, `apexPolicy`, `subjectMap`).
   */
  options: z.record(z.string(), z.unknown()).default({}),
  /** Adapters of the caller's own, besides the built-in ones (API only). */
  adapters: z
    .array(
      z.custom<Adapter>(
        (a) =>
          typeof a === 'object' && a !== null && 'id' in a && 'scan' in a && 'detect' in a && 'options' in a,
        'expected an adapter made with defineAdapter',
      ),
    )
    .optional(),
  /** `--shard i/n`: convert only part i of n (a deterministic split by sample id). */
  shard: z.string().optional(),
  // --frames process: crop, size, encoding, temporal resampling (src/frames/spec.ts)
  ...ProcessOptionsShape.shape,
});
export type ConvertOptions = z.input<typeof ConvertOptionsSchema>;
export type ResolvedConvertOptions = z.output<typeof ConvertOptionsSchema>;
