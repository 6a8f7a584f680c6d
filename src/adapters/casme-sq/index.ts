import { z } from 'zod';
import { APEX_POLICY_OPTION, defineAdapter, LAYOUT_OPTION, SHEET_OPTION } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectIn } from './detect.js';
import { CASME_SQ_LAYOUTS } from './layout.js';
import { scanCasmeSq } from './scan.js';

/** CAS(ME)² (docs/datasets-more.md §1; FORMAT.md beside this file). */
export const casmeSq = defineAdapter({
  id: 'casme-sq',
  title: 'CAS(ME)²',
  // its own 22 subjects (s15…s40), docs/datasets-more.md §1.1
  population: 'casme-sq',
  options: z.object({ layout: LAYOUT_OPTION, sheet: SHEET_OPTION, apexPolicy: APEX_POLICY_OPTION }).strict(),
  layouts: CASME_SQ_LAYOUTS.map((l) => l.id),
  detect: (root) => detectInCandidates('casme-sq', root, detectIn),
  scan: scanCasmeSq,
});
