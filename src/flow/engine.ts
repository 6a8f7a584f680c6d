// The flow engines a run can choose (`--engine`), and the parameters each records.
import { farneback } from './farneback.js';
import { FARNEBACK_DEFAULTS, type FarnebackParams } from './farneback-params.js';
import type { Mat32 } from './mat.js';
import { type Tvl1Result, tvl1 } from './tvl1.js';
import { TVL1_DEFAULTS, type Tvl1Params } from './tvl1-params.js';

export const ENGINES = ['tvl1', 'farneback'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * What a pair needs to know about its engine: TV-L1's parameters at the top level (the form the
 * worker pool carries), plus the engine's name and Farnebäck's parameters when it is chosen.
 */
export type EngineParams = Partial<Tvl1Params> & { engine?: Engine; farneback?: Partial<FarnebackParams> };

/** The engine's name and full parameter set as flow.json records them. */
export function engineRecord(p: EngineParams): {
  engine: 'opencv-tvl1' | 'opencv-farneback';
  params: Tvl1Params | FarnebackParams;
} {
  if (p.engine === 'farneback')
    return { engine: 'opencv-farneback', params: { ...FARNEBACK_DEFAULTS, ...p.farneback } };
  const { engine: _e, farneback: _f, ...tv } = p;
  return { engine: 'opencv-tvl1', params: { ...TVL1_DEFAULTS, ...tv } };
}

/** The flow from i0 to i1 with the chosen engine. */
export function runEngine(i0: Mat32, i1: Mat32, p: EngineParams): Tvl1Result {
  if (p.engine === 'farneback') return farneback(i0, i1, p.farneback);
  const { engine: _e, farneback: _f, ...tv } = p;
  return tvl1(i0, i1, tv);
}
