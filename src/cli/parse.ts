import { InvalidArgumentError } from 'commander';

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

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a number above 0, got '${value}'`);
  return n;
}

/** A non-negative number such as 0.2 (a fraction of a side). */
export function fraction(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || n > 3)
    throw new InvalidArgumentError(`expected a number from 0 to 3 (e.g. 0.2), got '${value}'`);
  return n;
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
