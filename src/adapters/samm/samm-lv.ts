import type { Adapter } from '../adapter.js';
import { detectInCandidates } from '../folders.js';
import { detectLongVideosIn } from './lv-detect.js';
import { scanLongVideos } from './lv-scan.js';

export const sammLv: Adapter = {
  id: 'samm-lv',
  title: 'SAMM Long Videos',
  // the same 30 people as SAMM (docs/datasets.md §2.1, §2.5)
  population: 'samm',

  detect: (root) => detectInCandidates('samm-lv', root, detectLongVideosIn),

  scan: (root, ctx) => scanLongVideos(root, ctx),
};
