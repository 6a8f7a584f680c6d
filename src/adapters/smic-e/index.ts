import { defineAdapter } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { SMIC_SUBSETS } from '../smic/layout.js';
import { detectSmicEIn } from './detect.js';
import { SmicEOptionsSchema, scanSmicE } from './scan.js';

export { KNOWN_LOST_HS } from './sample.js';

export const smicE = defineAdapter({
  id: 'smic-e',
  title: 'SMIC-E (HS, VIS, NIR long clips)',
  // the same people as SMIC (docs/datasets.md §3.1)
  population: 'smic',
  options: SmicEOptionsSchema,
  // comma-separated subsets (e-scan refuses anything else)
  layouts: SMIC_SUBSETS,

  detect: (root) => detectInCandidates('smic-e', root, detectSmicEIn),

  scan: (root, ctx) => scanSmicE(root, ctx),
});
