import { defineAdapter } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectIn } from './detect.js';
import { SMIC_LAYOUTS, SMIC_SUBSETS } from './layout.js';
import { SmicOptionsSchema, scanSmic } from './scan.js';

/** SMIC HS/VIS/NIR short clips (docs/datasets.md §3; FORMAT.md beside this file). */
export const smic = defineAdapter({
  id: 'smic',
  title: 'SMIC (HS, VIS, NIR short clips)',
  population: 'smic',
  options: SmicOptionsSchema,
  // a release and/or subsets, comma-separated (parseLayoutOption)
  layouts: [...SMIC_LAYOUTS, ...SMIC_SUBSETS],

  detect: (root) => detectInCandidates('smic', root, detectIn),

  scan: scanSmic,
});
