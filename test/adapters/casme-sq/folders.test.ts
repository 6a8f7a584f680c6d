import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCasmeSq } from '../../../fixtures/casme-sq.js';
import { tempDir } from '../../helpers/tmp.js';
import { scanCasmeSq } from './scan-helper.js';

describe('CAS(ME)² long-video folders found by video code (docs/datasets-more.md §1.6, §1.7)', () => {
  it('finds folders whose suffix the sheet never writes, typos included, and reports the unannotated and misplaced ones', async () => {
    const { root, rows } = await makeCasmeSq({ root: path.join(await tempDir(), 'CASME_sq') });
    const { result, byId, codes } = await scanCasmeSq(root);
    expect(result.samples).toHaveLength(rows.length);
    // 0503 lives in 15_0503unnyfarting (sic)
    expect(byId.get('casme-sq/s15/happy2_1')?.source.directory).toBe('rawpic/s15/15_0503unnyfarting');
    expect(codes('sheet.unlisted-folder').map((i) => i.file)).toEqual(['rawpic/s15/15_0508funnydunkey']);
    const misplaced = codes('casme-sq.misplaced-folder');
    expect(misplaced.map((i) => i.file)).toEqual(['rawpic/s19/23_0502funnyerrors']);
    expect(misplaced[0]?.message).toContain('named for subject 23 but lies in s19/');
  });

  it('never takes a folder named for another subject, even when its code matches', async () => {
    const { root, rows } = await makeCasmeSq({ root: path.join(await tempDir(), 'CASME_sq') });
    // s19's own 0401 folder carries subject 23's prefix: the glob *0401* would take it
    await rename(
      path.join(root, 'rawpic/s19/19_0401girlcrashing'),
      path.join(root, 'rawpic/s19/23_0401girlcrashing'),
    );
    const { result, codes } = await scanCasmeSq(root);
    const s19Rows = rows.flatMap((r, i) => (r.folder === 's19' ? [i + 1] : []));
    expect(s19Rows.length).toBeGreaterThan(0);
    expect(codes('frames.folder-missing').map((i) => i.row)).toEqual(s19Rows);
    const missing = codes('frames.folder-missing');
    expect(missing[0]?.message).toContain('23_0401girlcrashing is named for another subject');
    expect(result.samples.some((s) => s.subject === 'casme-sq/s19')).toBe(false);
    expect(codes('casme-sq.misplaced-folder').map((i) => i.file)).toContain('rawpic/s19/23_0401girlcrashing');
  });

  it('reads every frame of the long video, in the long video’s numbering; extra.video names it', async () => {
    const { root, frames } = await makeCasmeSq({ root: path.join(await tempDir(), 'CASME_sq') });
    const { byId } = await scanCasmeSq(root);
    const s = byId.get('casme-sq/s15/disgust1_2');
    expect(s?.frames).toHaveLength(frames);
    expect(path.basename(s?.frames[s.onset] ?? '')).toBe('img015.jpg');
    expect(path.basename(s?.frames[s.offset] ?? '')).toBe('img027.jpg');
    expect(s?.extra).toMatchObject({ video: '15_0101', video_code: '0101', stimulus: 'disgust1' });
    expect(s?.kind).toBe('micro');
    expect(s?.fps).toBe(30);
    expect(byId.get('casme-sq/s15/disgust1_1')?.kind).toBe('macro');
  });
});

describe('CAS(ME)² layouts (docs/datasets-more.md §1.2, §1.3)', () => {
  const all = ['rawpic', 'face-cropped', 'selectedpic', 'cropped', 'rawvideo'] as const;

  it('reads the MEGC 2021 face-cropped long videos (img_N.jpg, unpadded)', async () => {
    const { root, rows } = await makeCasmeSq({
      root: path.join(await tempDir(), 'x'),
      layouts: ['face-cropped'],
    });
    const { result, byId } = await scanCasmeSq(root);
    expect(result.layout).toBe('face-cropped');
    expect(result.samples).toHaveLength(rows.length);
    const s = byId.get('casme-sq/s15/disgust1_2');
    expect(path.basename(s?.frames[s.onset] ?? '')).toBe('img_15.jpg');
    expect(s?.source.directory).toBe('longVideoFaceCropped/s15/15_0101disgustingteeth');
  });

  it('reads Part B, selectedpic/sNN/ and cropped/NN/ (no "s"), one folder per row', async () => {
    const { root, rows } = await makeCasmeSq({ root: path.join(await tempDir(), 'x'), layouts: [...all] });
    for (const [layout, dir] of [
      ['selectedpic', 'selectedpic/s15/disgust1_2'],
      ['cropped', 'cropped/15/disgust1_2'],
    ] as const) {
      const { result, byId, codes } = await scanCasmeSq(root, { layout });
      expect(result.samples).toHaveLength(rows.length);
      const s = byId.get('casme-sq/s15/disgust1_2');
      expect(s?.source.directory).toBe(dir);
      expect(s?.frames).toHaveLength(27 - 15 + 1);
      expect(path.basename(s?.frames[0] ?? '')).toBe('img15.jpg');
      // Part B samples are still cut from a long video: spots places them in it
      expect(s?.extra.video).toBe('15_0101');
      expect(codes('sheet.unlisted-folder')).toEqual([]);
    }
  });

  it('prefers rawpic when several layouts are present, says so, and names the .avi of rawvideo/', async () => {
    const { root } = await makeCasmeSq({ root: path.join(await tempDir(), 'x'), layouts: [...all] });
    const { result, byId, codes } = await scanCasmeSq(root);
    expect(result.layout).toBe('rawpic');
    expect(codes('layout.several')[0]?.message).toContain('rawpic, face-cropped, selectedpic, cropped');
    expect(byId.get('casme-sq/s15/disgust1_1')?.extra.raw_video).toBe(
      'rawvideo/s15/15_0101disgustingteeth.avi',
    );
  });

  it('enters folders doubled by unzipping (rawpic/rawpic/)', async () => {
    const { root, rows } = await makeCasmeSq({ root: path.join(await tempDir(), 'x'), doubled: true });
    expect(await readdir(path.join(root, 'rawpic'))).toEqual(['rawpic']);
    const { result } = await scanCasmeSq(root);
    expect(result.samples).toHaveLength(rows.length);
    expect(result.samples[0]?.source.directory?.startsWith('rawpic/rawpic/')).toBe(true);
  });

  it('refuses an unknown --layout as a usage error naming the layouts', async () => {
    const { root } = await makeCasmeSq({ root: path.join(await tempDir(), 'x') });
    await expect(scanCasmeSq(root, { layout: 'raw' })).rejects.toThrow(/rawpic \(rawpic\/\), face-cropped/);
  });
});

describe('CAS(ME)² without a picture layout', () => {
  it('says that rawvideo/*.avi alone is not read, naming the folder', async () => {
    const { root } = await makeCasmeSq({ root: path.join(await tempDir(), 'x'), layouts: ['rawvideo'] });
    await expect(scanCasmeSq(root)).rejects.toThrow(
      /no CAS\(ME\)² frame folder found.*rawvideo\/\*\.avi is only referenced/,
    );
  });
});
