import { fourDme } from './4dme/index.js';
import type { Adapter } from './adapter.js';
import { casmeSq } from './casme-sq/index.js';
import { casme2 } from './casme2/index.js';
import { casme3 } from './casme3/index.js';
import { custom } from './custom/index.js';
import { mmew } from './mmew/index.js';
import { mmme } from './mmme/index.js';
import { samm } from './samm/index.js';
import { sammLv } from './samm-lv/index.js';
import { smic } from './smic/index.js';
import { smicE } from './smic-e/index.js';

/** Every adapter me-unify knows, in the order detection reports them. */
export const ADAPTERS: readonly Adapter[] = [
  casme2,
  custom,
  samm,
  sammLv,
  smic,
  smicE,
  mmme,
  casmeSq,
  casme3,
  mmew,
  fourDme,
];

export function findAdapter(id: string): Adapter | undefined {
  return ADAPTERS.find((a) => a.id === id);
}
