import { InvalidArgumentError } from 'commander';
import { optionNames } from '../adapters/define.js';
import { ADAPTERS } from '../adapters/registry.js';

/**
 * Parses one `--option key=value` into the options gathered so far (repeatable). The value stays
 * text: the chosen adapter's `options` schema checks it and names the option when it is wrong.
 */
export function collectAdapterOption(
  value: string,
  previous: Record<string, string> = {},
): Record<string, string> {
  const eq = value.indexOf('=');
  const key = eq > 0 ? value.slice(0, eq).trim() : '';
  if (key === '')
    throw new InvalidArgumentError(`expected key=value (e.g. microSheet=SAMM.xlsx), got '${value}'`);
  if (Object.hasOwn(previous, key)) throw new InvalidArgumentError(`option '${key}' is given twice`);
  return { ...previous, [key]: value.slice(eq + 1) };
}

/** `--option`'s help: each adapter with the options its schema declares. */
export function adapterOptionsHelp(): string {
  const lines = ADAPTERS.map((a) => `${a.id}: ${optionNames(a.options).join(', ') || 'none'}`);
  return `an adapter option as key=value (repeatable), checked by the adapter; ${lines.join('; ')}`;
}
