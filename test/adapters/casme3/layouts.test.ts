import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { casme3Rows } from '../../../fixtures/casme3.js';
import { casme3 } from '../../../src/adapters/casme3/index.js';
import { sampleById, scanFixture } from './helpers.js';

/** The folder layouts of docs/datasets-more.md §2.2, each accepted. */
describe('CAS(ME)^3 layouts', () => {
  for (const dataFolder of [
    'data/part_A',
    'data/part_A_split/part_A',
    'data/Compressed_version1_seperate_compress',
  ])
    it(`finds the task videos under part_A/${dataFolder}/`, async () => {
      const s = await scanFixture({ dataFolder });
      expect(s.result.samples).toHaveLength(casme3Rows().length);
      expect(s.result.details.part_a_layout_folder).toBe(`part_A/${dataFolder}`);
    });

  it('reads Part A, not the unlabelled Part B beside it (found first, fewer levels down)', async () => {
    const s = await scanFixture({ partB: true });
    expect(s.result.details.part_a_layout_folder).toBe('part_A/data/part_A');
    expect(s.result.samples).toHaveLength(casme3Rows().length);
  });

  it('matches spNo. folders to the sheet spNO. (case-insensitive), subjects keep the sheet spelling', async () => {
    const s = await scanFixture({ subjectFolder: 'spNo' });
    expect(s.result.samples).toHaveLength(casme3Rows().length);
    const a = sampleById(s, 'casme3/spNO.1/spNO.1_a_5');
    expect(a?.source.directory).toBe('part_A/data/part_A/spNo.1/a/color');
    expect(a?.subject).toBe('casme3/spNO.1');
  });

  it('reads the ME-clip release (one folder per ME, {Subject}_{Filename}_{Onset})', async () => {
    const s = await scanFixture({ layout: 'me-clips', subjectFolder: 'spNo' });
    expect(s.result.layout).toBe('me-clips');
    expect(s.result.samples).toHaveLength(casme3Rows().length);
    const a = sampleById(s, 'casme3/spNO.1/spNO.1_a_15');
    if (!a) throw new Error('missing sample');
    expect(a.source.directory).toBe('Part_A_ME_clip/frame/spNo.1_a_15');
    expect(path.basename(a.frames[a.onset] as string)).toBe('15.jpg');
    expect(a.extra.video).toBe('spNO.1_a');
    expect(s.byCode('sheet.unlisted-folder')).toEqual([]);
  });

  it('reports an unknown --layout as a usage error naming the accepted ones', async () => {
    const s = scanFixture({}, { layout: 'cropped' });
    await expect(s).rejects.toThrow(/task-videos, me-clips/);
  });

  it('is detected high from its folder and from the folder above, naming its own folder', async () => {
    const s = await scanFixture({});
    const parent = path.dirname(s.root);
    expect((await casme3.detect(s.root)).confidence).toBe('high');
    const above = await casme3.detect(parent);
    expect(above.confidence).toBe('high');
    expect(above.root).toBe(s.root);
  });

  it('refuses a folder without any CAS(ME)^3 sheet, naming the expected file', async () => {
    const s = scanFixture({ labelSheet: false });
    await expect(s).rejects.toThrow(/cas\(me\)3_part_A_ME_label_JpgIndex_v2\.xlsx/);
  });
});
