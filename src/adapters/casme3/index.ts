import { defineAdapter } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectIn } from './detect.js';
import { CASME3_LAYOUTS } from './layout.js';
import { Casme3OptionsSchema, scanCasme3 } from './scan.js';

/** CAS(ME)^3 Part A, and Part C where its sheet is present (docs/datasets-more.md §2; FORMAT.md beside this file). */
export const casme3 = defineAdapter({
  id: 'casme3',
  title: 'CAS(ME)^3',
  population: 'casme3',
  options: Casme3OptionsSchema,
  layouts: CASME3_LAYOUTS,
  detect: (root) => detectInCandidates('casme3', root, detectIn),
  scan: scanCasme3,
});
