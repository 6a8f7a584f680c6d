import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameGaps, frameNumber, listFrames } from '../../src/sources/frames.js';
import { tempDir } from '../helpers/tmp.js';

describe('frameNumber (docs/datasets.md §0.1: the last run of digits)', () => {
  it.each([
    ['img46.jpg', 46],
    ['reg_img46.jpg', 46],
    ['006_0180.jpg', 180],
    ['006_05562.jpg', 5562],
    ['016_7_8_10234.jpg', 10234],
    ['image072643.bmp', 72643],
    ['image17581039.jpg', 17581039],
    ['image 000123.jpg', 123],
    ['no-digits.jpg', null],
  ])('%s → %s', (name, n) => {
    expect(frameNumber(name)).toBe(n);
  });
});

describe('listFrames', () => {
  it('sorts numerically, ignores non-images, reports duplicates and unnumbered files', async () => {
    const dir = path.join(await tempDir(), 'clip');
    await mkdir(dir);
    for (const name of [
      'img10.jpg',
      'img9.jpg',
      'img100.JPG',
      'img09.jpg',
      'Thumbs.db',
      'notes.txt',
      'cover.jpg',
    ]) {
      await writeFile(path.join(dir, name), 'x');
    }
    const listing = await listFrames(dir);
    expect(listing.frames.map((f) => f.name)).toEqual(['img09.jpg', 'img10.jpg', 'img100.JPG']);
    expect(listing.duplicates).toEqual([{ number: 9, names: ['img09.jpg', 'img9.jpg'] }]);
    expect(listing.unnumbered).toEqual(['cover.jpg']);
    expect(frameGaps(listing.frames).slice(0, 3)).toEqual([11, 12, 13]);
  });
});
