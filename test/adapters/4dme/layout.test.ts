import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type FourDmeFixtureOptions, makeFourDme } from '../../../fixtures/4dme.js';
import { fourDme } from '../../../src/adapters/4dme/index.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { tempDir } from '../../helpers/tmp.js';

async function scan(opts: Omit<FourDmeFixtureOptions, 'root'> = {}, options: Record<string, unknown> = {}) {
  const root = path.join(await tempDir(), '4DME');
  await makeFourDme({ root, ...opts });
  const issues = new IssueLog();
  const result = await fourDme.scan(root, { issues, options });
  return { root, result, issues: issues.issues };
}

describe('4DME layout (docs/datasets-more.md §4)', () => {
  it('reads gray_micro/{sub_ID}/{fold_name}/ and reports how sub_ID matched', async () => {
    const { result, issues } = await scan();
    expect(result.layout).toBe('gray-micro');
    expect(result.samples[0]?.source.directory).toBe('gray_micro/S01/S01_ME_1');
    const seen = issues.filter((i) => i.code === 'layout.seen').map((i) => i.message);
    expect(seen).toContainEqual(expect.stringContaining('by the same name (S01 → S01'));
  });

  it('matches a numeric sub_ID (1) to the one folder with that number (S01), and says so', async () => {
    const { result, issues } = await scan({ numericSubjects: true });
    expect(result.samples).toHaveLength(6);
    expect(result.samples[0]).toMatchObject({
      subject: '4dme/1',
      source: { directory: 'gray_micro/S01/S01_ME_1' },
    });
    expect(issues.filter((i) => i.code === 'layout.seen').map((i) => i.message)).toContainEqual(
      expect.stringContaining('by the same number (1 → S01'),
    );
    expect(issues.filter((i) => i.code === 'sheet.unlisted-folder')).toEqual([]);
  });

  it('does not pick between two folders with the same number: the clip is reported missing', async () => {
    const root = path.join(await tempDir(), '4DME');
    await makeFourDme({ root, numericSubjects: true });
    await mkdir(path.join(root, 'gray_micro', 'sub01'));
    const issues = new IssueLog();
    const result = await fourDme.scan(root, { issues, options: {} });
    expect(result.samples.map((s) => s.subject)).not.toContain('4dme/1');
    expect(issues.issues.filter((i) => i.code === 'frames.folder-missing')).toHaveLength(3);
  });

  it('reads gray_micro_crop/ when asked, noting both layouts', async () => {
    const both = await scan({ crop: true });
    expect(both.result.layout).toBe('gray-micro');
    expect(both.issues.find((i) => i.code === 'layout.several')?.message).toContain(
      'gray-micro, gray-micro-crop',
    );
    const crop = await scan({ crop: true }, { layout: 'gray-micro-crop' });
    expect(crop.result.samples[0]?.source.directory).toBe('gray_micro_crop/S01/S01_ME_1');
  });

  it('reports long_gray_video/ as present and not converted', async () => {
    const { issues } = await scan({ longVideos: true });
    expect(issues.find((i) => i.code === 'layout.not-read')?.file).toBe('long_gray_video');
  });

  it('gives 60 fps with a note unless --option fps= says otherwise', async () => {
    const dflt = await scan();
    expect(dflt.result.samples[0]?.fps).toBe(60);
    expect(dflt.issues.some((i) => i.code === 'layout.seen' && i.message.includes('--option fps='))).toBe(
      true,
    );
    const given = await scan({}, { fps: '200' });
    expect(given.result.samples[0]?.fps).toBe(200);
    expect(given.issues.some((i) => i.message.includes('--option fps='))).toBe(false);
  });

  it('reports missing clip folders and folders without a row', async () => {
    const { result, issues } = await scan({ missingFolders: ['S02_ME_4'], unlisted: ['S03/S03_extra'] });
    expect(result.samples).toHaveLength(5);
    expect(issues.find((i) => i.code === 'frames.folder-missing')?.message).toContain(
      'gray_micro/S02/S02_ME_4/',
    );
    expect(issues.filter((i) => i.code === 'sheet.unlisted-folder').map((i) => i.file)).toEqual([
      'gray_micro/S03/S03_extra',
    ]);
  });
});
