import { defineAdapter } from '../define.js';
import { CustomOptionsSchema, scanCustom } from './scan.js';

/**
 * A dataset described by a JSON config instead of code (`--format custom --config my.json`,
 * README § Custom adapter). It never claims a folder on its own: detection would be a guess.
 */
export const custom = defineAdapter({
  id: 'custom',
  title: 'Custom dataset (--config)',
  // the config's `population`, else its dataset id
  population: null,
  explicitOnly: true,
  options: CustomOptionsSchema,
  async detect() {
    return {
      adapter: 'custom',
      confidence: 'none',
      root: null,
      evidence: [],
      reason: 'only with --format custom',
    };
  },

  scan: scanCustom,
});
