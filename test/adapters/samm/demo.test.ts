import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demo } from '../../../src/demo/demo.js';
import { tempDir } from '../../helpers/tmp.js';

describe('me-unify demo with SAMM', () => {
  it('builds SAMM and SAMM-LV fixtures, converts them with megc2019 and validates them', async () => {
    const dir = await tempDir();
    const result = await demo(dir);
    const samm = result.conversions.find((c) => c.dataset === 'samm');
    const lv = result.conversions.find((c) => c.dataset === 'samm-lv');
    expect(samm?.valid).toBe(true);
    expect(samm?.result.info.counts.by_label).toEqual({ negative: 92, positive: 26, surprise: 15, null: 26 });
    expect(lv?.valid).toBe(true);
    expect(lv?.result.samples.some((s) => s.kind === 'macro')).toBe(true);
    expect(lv?.result.samples.some((s) => s.label !== null)).toBe(true);
    expect(await readdir(path.join(dir, 'out'))).toEqual(expect.arrayContaining(['samm', 'samm-lv']));
  }, 120_000);
});
