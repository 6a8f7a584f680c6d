import { z } from 'zod';
import { usageError } from '../issues/errors.js';
import type { Adapter, ScanContext, ScanOptions, ScanResult } from './adapter.js';

/** An adapter as its author writes it: `scan` receives its options already checked and typed. */
export interface AdapterSpec<S extends z.ZodType<object>> extends Omit<Adapter, 'options' | 'scan'> {
  options: S;
  scan(root: string, ctx: ScanContext<z.output<S>>): Promise<ScanResult>;
}

/** Options every file-based adapter may declare: the targets of convert's `--layout`, `--sheet` and `--apex`. */
export const LAYOUT_OPTION = z.string().min(1).optional().describe('which frame layout to read (--layout)');
export const SHEET_OPTION = z
  .string()
  .min(1)
  .optional()
  .describe('an annotation sheet to use instead of the one found (--sheet)');
export const APEX_POLICY_OPTION = z
  .enum(['midpoint', 'missing'])
  .optional()
  .describe('where the source has no apex: midpoint or missing (--apex)');

/** Builds an adapter whose `scan` refuses options its schema does not accept, naming the option. */
export function defineAdapter<S extends z.ZodType<object>>(spec: AdapterSpec<S>): Adapter {
  return {
    ...spec,
    scan: (root, ctx) =>
      spec.scan(root, { issues: ctx.issues, options: parseAdapterOptions(spec, ctx.options) }),
  };
}

/** The options checked by the adapter's schema; a usage error (exit 2) names each wrong option. */
export function parseAdapterOptions<S extends z.ZodType<object>>(
  adapter: { id: string; options: S },
  given: ScanOptions,
): z.output<S> {
  // undefined means "not given": drop it so a strict schema sees only what the user set
  const defined = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const parsed = adapter.options.safeParse(defined);
  if (parsed.success) return parsed.data;
  const accepted = optionNames(adapter.options);
  const problems = parsed.error.issues.map((i) =>
    i.code === 'unrecognized_keys'
      ? `${adapter.id} has no option ${i.keys.map((k) => `'${k}'`).join(', ')}; it accepts ${accepted.length > 0 ? accepted.join(', ') : 'none'}`
      : `${adapter.id} option '${i.path.join('.')}': ${i.message}`,
  );
  throw usageError(problems.join('; '));
}

/** The option names a schema declares (its object keys), for messages and `--help`. */
export function optionNames(schema: z.ZodType<object>): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}
