import { defineAdapter } from '../define.js';
import { detectInCandidates } from '../folders.js';
import { detectLongVideosIn } from './lv-detect.js';
import { LongVideoOptionsSchema, scanLongVideos } from './lv-scan.js';

export const sammLv = defineAdapter({
  id: 'samm-lv',
  title: 'SAMM Long Videos',
  // the same 30 people as SAMM (docs/datasets.md §2.1, §2.5)
  population: 'samm',
  options: LongVideoOptionsSchema,

  detect: (root) => detectInCandidates('samm-lv', root, detectLongVideosIn),

  scan: (root, ctx) => scanLongVideos(root, ctx),
});
