import { z } from 'zod';
import { defineAdapter, LAYOUT_OPTION, SHEET_OPTION } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectIn } from './detect.js';
import { FOURDME_LAYOUTS } from './layout.js';
import { scanFourDme } from './scan.js';

/** 4DME micro-expression clips (docs/datasets-more.md §4; FORMAT.md beside this file). */
export const fourDme = defineAdapter({
  id: '4dme',
  title: '4DME',
  population: '4dme',
  options: z
    .object({
      layout: LAYOUT_OPTION,
      sheet: SHEET_OPTION,
      fps: z.coerce
        .number()
        .positive()
        .max(1000)
        .optional()
        .describe("frame rate of the clips (default 60, the long videos' rate; unverified for clips)"),
    })
    .strict(),
  layouts: FOURDME_LAYOUTS.map((l) => l.id),
  detect: (root) => detectInCandidates('4dme', root, detectIn),
  scan: scanFourDme,
});
