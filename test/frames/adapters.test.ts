import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeMmme } from '../../fixtures/mmme.js';
import { makeSamm } from '../../fixtures/samm.js';
import { makeSammLv } from '../../fixtures/samm-lv.js';
import { makeSmic } from '../../fixtures/smic.js';
import { makeSmicE } from '../../fixtures/smic-e.js';
import { convert } from '../../src/convert/convert.js';
import { validate } from '../../src/validate/validate.js';
import { tempDir } from '../helpers/tmp.js';

// --frames process on every adapter's fixture: JPEG (SAMM, SAMM-LV, SMIC-E), BMP (SMIC), video (MMME)
let work: string;
const roots: Record<string, string> = {};

beforeAll(async () => {
  work = await tempDir();
  roots.samm = (await makeSamm({ root: path.join(work, 'SAMM') })).root ?? path.join(work, 'SAMM');
  await makeSammLv({ root: path.join(work, 'SAMM-LV'), microSheet: true });
  roots['samm-lv'] = path.join(work, 'SAMM-LV');
  await makeSmic({ root: path.join(work, 'SMIC') });
  roots.smic = path.join(work, 'SMIC');
  await makeSmicE({ root: path.join(work, 'SMIC-E') });
  roots['smic-e'] = path.join(work, 'SMIC-E');
  await makeMmme({ root: path.join(work, 'MMME'), participants: 1, rowsPerParticipant: 2 });
  roots.mmme = path.join(work, 'MMME');
}, 120_000);

describe.each(['samm', 'samm-lv', 'smic', 'smic-e', 'mmme'])('%s', (dataset) => {
  it('crops, resizes and resamples with TIM; validate passes', async () => {
    const out = path.join(work, `out-${dataset}`);
    const result = await convert({
      root: roots[dataset] as string,
      out,
      format: dataset,
      frames: 'process',
      limit: 2,
      crop: '2,2,16,16',
      size: '12',
      gray: true,
      length: 6,
      resample: 'tim',
      imageFormat: 'png',
    });
    expect(result.samples.length).toBeGreaterThan(0);
    expect((await validate(out)).ok).toBe(true);
    for (const s of result.samples) {
      expect(s.frames).toHaveLength(6);
      expect(s.processing?.crop.box).toEqual({ x: 2, y: 2, w: 16, h: 16 });
      const m = await sharp(path.join(out, s.frames[5] as string)).metadata();
      expect([m.width, m.height, m.channels]).toEqual([12, 12, 1]);
    }
  }, 60_000);
});
