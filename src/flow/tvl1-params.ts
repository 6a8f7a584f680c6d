import { z } from 'zod';

/** OpenCV `cv::optflow::DualTVL1OpticalFlow::create()` defaults (optflow.hpp), every one exposed. */
export const Tvl1Params = z
  .object({
    tau: z.number().positive().default(0.25),
    lambda: z.number().positive().default(0.15),
    theta: z.number().positive().default(0.3),
    nscales: z.number().int().min(1).default(5),
    warps: z.number().int().min(1).default(5),
    epsilon: z.number().min(0).default(0.01),
    innerIterations: z.number().int().min(1).default(30),
    outerIterations: z.number().int().min(1).default(10),
    scaleStep: z.number().gt(0).lt(1).default(0.8),
    gamma: z.literal(0).default(0),
    medianFiltering: z.union([z.literal(1), z.literal(3), z.literal(5)]).default(5),
  })
  .strict();
export type Tvl1Params = z.infer<typeof Tvl1Params>;

export const TVL1_DEFAULTS: Tvl1Params = Tvl1Params.parse({});

/** The float32 constants one pyramid level of n pixels uses (OpenCV's `procOneScale`). */
export interface ScaleConstants {
  /** λθ */
  readonly lt: number;
  /** τ/θ */
  readonly taut: number;
  readonly theta: number;
  /** float(ε²·n): the stopping threshold of the summed squared update. */
  readonly scaledEps: number;
}

export function scaleConstants(p: Tvl1Params, n: number): ScaleConstants {
  return {
    lt: Math.fround(p.lambda * p.theta),
    taut: Math.fround(p.tau / p.theta),
    theta: Math.fround(p.theta),
    scaledEps: Math.fround(p.epsilon * p.epsilon * n),
  };
}
