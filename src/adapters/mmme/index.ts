import { defineAdapter } from '../define.js';
import { detectMmme } from './detect.js';
import { MmmeOptionsSchema, scanMmmeDataset } from './scan.js';

/** MMME (docs/datasets.md §4; FORMAT.md beside this file). */
export const mmme = defineAdapter({
  id: 'mmme',
  title: 'MMME (USTB multimodal micro-expressions)',
  population: 'mmme',
  options: MmmeOptionsSchema,
  layouts: MmmeOptionsSchema.shape.layout.unwrap().options,

  detect: detectMmme,
  scan: scanMmmeDataset,
});
