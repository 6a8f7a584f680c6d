import { defineAdapter } from '../define.js';
import { detectInCandidates } from '../kit/detect-folders.js';
import { detectLongVideosIn } from './detect.js';
import { LongVideoOptionsSchema, scanLongVideos } from './scan.js';

export const sammLv = defineAdapter({
  id: 'samm-lv',
  title: 'SAMM Long Videos',
  // the same 30 people as SAMM (docs/datasets.md §2.1, §2.5)
  population: 'samm',
  options: LongVideoOptionsSchema,

  detect: (root) => detectInCandidates('samm-lv', root, detectLongVideosIn),

  scan: (root, ctx) => scanLongVideos(root, ctx),
});
