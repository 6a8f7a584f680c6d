import { InvalidArgumentError } from 'commander';
import type { z } from 'zod';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0)
    throw new InvalidArgumentError(`expected a whole number above 0, got '${value}'`);
  return n;
}

export function oneOf<T extends string>(choices: readonly T[]) {
  return (value: string): T => {
    if (!(choices as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'`);
    return value as T;
  };
}

/** A non-negative number such as 0.2 (a fraction of a side). */
export function fraction(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n > 3)
    throw new InvalidArgumentError(`expected a number from 0 to 3 (e.g. 0.2), got '${value}'`);
  return n;
}

/** What a numeric schema accepts, in words: `a whole number from 1 to 256`, `a whole number of 1 or more`. */
export function describeBounds(schema: z.ZodNumber): string {
  const kind = schema.isInt ? 'a whole number' : 'a number';
  const bound = (v: number | null) => (v !== null && Math.abs(v) < Number.MAX_SAFE_INTEGER ? v : null);
  let min = bound(schema.minValue);
  const max = bound(schema.maxValue);
  let exclusive = min !== null && !schema.safeParse(min).success;
  if (exclusive && min !== null && schema.isInt) [min, exclusive] = [Math.floor(min) + 1, false];
  if (min !== null && max !== null)
    return `${kind} ${exclusive ? `above ${min} and up to` : `from ${min} to`} ${max}`;
  if (min !== null) return `${kind} ${exclusive ? `above ${min}` : `of ${min} or more`}`;
  if (max !== null) return `${kind} up to ${max}`;
  return kind;
}

/**
 * A parser accepting exactly what `schema` accepts, so an option's range is the schema's (and so
 * validate's): `--fps 0.0001` is refused at the command line instead of producing an output that
 * fails its own validate.
 */
export function inSchema(schema: z.ZodNumber) {
  return (value: string): number => {
    const n = /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value.trim()) ? Number(value) : Number.NaN;
    if (!schema.safeParse(n).success)
      throw new InvalidArgumentError(`expected ${describeBounds(schema)}, got '${value}'`);
    return n;
  };
}

/** A whole number from 0 (a seed). */
export function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`expected a whole number from 0, got '${value}'`);
  return n;
}

/** `samm,smic` → ['samm', 'smic']: dataset ids, comma-separated. */
export function datasetList(value: string): string[] {
  const ids = value
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const bad = ids.filter((d) => !/^[a-z0-9][a-z0-9-]*$/.test(d));
  if (ids.length === 0 || bad.length)
    throw new InvalidArgumentError(`expected dataset ids separated by commas (casme2,samm), got '${value}'`);
  return ids;
}
