import { z } from 'zod';
import { defineAdapter, LAYOUT_OPTION, SHEET_OPTION } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectIn } from './detect.js';
import { CASME2_LAYOUTS } from './layout.js';
import { scanCasme2 } from './scan.js';

/** CASME II (docs/datasets.md §1; FORMAT.md beside this file). */
export const casme2 = defineAdapter({
  id: 'casme2',
  title: 'CASME II',
  population: 'casme2',
  options: z.object({ layout: LAYOUT_OPTION, sheet: SHEET_OPTION }).strict(),
  layouts: CASME2_LAYOUTS.map((l) => l.id),
  detect: (root) => detectInCandidates('casme2', root, detectIn),
  scan: scanCasme2,
});
