import type { Adapter } from './adapter.js';
import { casme2 } from './casme2/adapter.js';

/** Every adapter me-unify knows, in the order detection reports them. */
export const ADAPTERS: readonly Adapter[] = [casme2];

export function findAdapter(id: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}
