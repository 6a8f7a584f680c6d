import { z } from 'zod';

/**
 * `cv::FarnebackOpticalFlow::create()` defaults (cv2.FarnebackOpticalFlow_create: numLevels 5,
 * pyrScale 0.5, winSize 13, numIters 10, polyN 5, polySigma 1.1, flags 0; docs/optical-flow.md §8),
 * every one exposed. `calcOpticalFlowFarneback` itself has no defaults. `fastPyramids` only
 * changes OpenCL runs (the CPU code ignores it), so it is not a parameter here; nor is
 * OPTFLOW_USE_INITIAL_FLOW (no initial flow, as for TV-L1).
 */
export const FarnebackParams = z
  .object({
    pyrScale: z.number().gt(0).lt(1).default(0.5),
    levels: z.number().int().min(0).default(5),
    winSize: z.number().int().min(1).default(13),
    iterations: z.number().int().min(1).default(10),
    polyN: z.number().int().min(1).default(5),
    polySigma: z.number().min(0).default(1.1),
    /** OPTFLOW_FARNEBACK_GAUSSIAN (flag 256): a Gaussian window instead of a box. */
    gaussian: z.boolean().default(false),
  })
  .strict();
export type FarnebackParams = z.infer<typeof FarnebackParams>;

export const FARNEBACK_DEFAULTS: FarnebackParams = FarnebackParams.parse({});
