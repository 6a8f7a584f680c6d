import type { Adapter } from './adapter.js';
import { casme2 } from './casme2/adapter.js';
import { custom } from './custom/adapter.js';
import { mmme } from './mmme/adapter.js';
import { samm } from './samm/samm.js';
import { sammLv } from './samm/samm-lv.js';
import { smic } from './smic/smic.js';
import { smicE } from './smic/smic-e.js';

/** Every adapter me-unify knows, in the order detection reports them. */
export const ADAPTERS: readonly Adapter[] = [casme2, custom, samm, sammLv, smic, smicE, mmme];

export function findAdapter(id: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}
