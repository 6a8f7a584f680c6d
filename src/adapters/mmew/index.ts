import { z } from 'zod';
import { defineAdapter, SHEET_OPTION } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectIn } from './detect.js';
import { scanMmew } from './scan.js';

/** MMEW micro-expressions (docs/datasets-more.md §3; FORMAT.md beside this file). */
export const mmew = defineAdapter({
  id: 'mmew',
  title: 'MMEW',
  population: 'mmew',
  options: z.object({ sheet: SHEET_OPTION }).strict(),
  detect: (root) => detectInCandidates('mmew', root, detectIn),
  scan: scanMmew,
});
