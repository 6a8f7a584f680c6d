import { z } from 'zod';
import { defineAdapter, SHEET_OPTION } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectIn } from './detect.js';
import { scanSamm } from './scan.js';

/** SAMM, the micro-movement clips (docs/datasets.md §2; FORMAT.md beside this file). */
export const samm = defineAdapter({
  id: 'samm',
  title: 'SAMM (micro-movements)',
  population: 'samm',
  options: z.object({ sheet: SHEET_OPTION }).strict(),
  detect: (root) => detectInCandidates('samm', root, detectIn),
  scan: scanSamm,
});
