import { cp, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeMmew } from '../../../fixtures/mmew.js';
import { mmew } from '../../../src/adapters/mmew/index.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { tempDir } from '../../helpers/tmp.js';

async function scan(opts: Omit<Parameters<typeof makeMmew>[0], 'root'> = {}) {
  const root = path.join(await tempDir(), 'MMEW_Final');
  await makeMmew({ root, ...opts });
  const issues = new IssueLog();
  const result = await mmew.scan(root, { issues, options: {} });
  return { root, result, issues: issues.issues };
}

const codes = (issues: { code: string }[]) => issues.map((i) => i.code);

describe('MMEW layouts (docs/datasets-more.md §3)', () => {
  it('reads Micro_Expression/{emotion}/{clip}/ (no subject level) and says which form it saw', async () => {
    const { root, result, issues } = await scan();
    expect(result.samples).toHaveLength(8);
    expect(result.layout).toBe('emotion-clip');
    expect(result.samples[0]?.source.directory).toBe('Micro_Expression/happiness/S01-01-001');
    expect(result.samples[0]?.frames[0]).toBe(path.join(root, 'Micro_Expression/happiness/S01-01-001/1.jpg'));
    expect(issues.find((i) => i.code === 'layout.seen')?.message).toContain('(no subject level)');
    expect(
      codes(issues).filter(
        (c) => c !== 'layout.seen' && c !== 'sheet.version' && c !== 'mmew.emotion-folder',
      ),
    ).toEqual([]);
  });

  it("reads the owners' three-layer tree S01/{emotion}/{clip}/ to the same samples", async () => {
    const flat = await scan();
    const { result, issues } = await scan({ subjectLevel: true });
    expect(result.layout).toBe('subject-emotion-clip');
    expect(result.samples.map((s) => [s.id, s.onset, s.apex, s.offset, s.frames.length])).toEqual(
      flat.result.samples.map((s) => [s.id, s.onset, s.apex, s.offset, s.frames.length]),
    );
    expect(result.samples[0]?.source.directory).toBe('Micro_Expression/S01/happiness/S01-01-001');
    expect(issues.find((i) => i.code === 'layout.seen')?.message).toContain('(with a subject level)');
  });

  it('reads a download where only some subjects have a subject level, and says so', async () => {
    const root = path.join(await tempDir(), 'MMEW_Final');
    await makeMmew({ root, subjectLevel: true });
    // subject 03's clips moved up to the emotion-folder form
    await rename(path.join(root, 'Micro_Expression/S03/anger'), path.join(root, 'Micro_Expression/anger'));
    const issues = new IssueLog();
    const result = await mmew.scan(root, { issues, options: {} });
    expect(result.layout).toBe('mixed');
    expect(result.samples).toHaveLength(8);
    expect(result.samples.find((s) => s.clip === 'S03-07-007')?.source.directory).toBe(
      'Micro_Expression/anger/S03-07-007',
    );
  });

  it("finds the sheet's others rows in repression/ folders, keeps the emotion 'others' and counts them", async () => {
    const { result, issues } = await scan();
    const others = result.samples.find((s) => s.clip === 'S01-04-003');
    expect(others?.emotion).toBe('others');
    expect(others?.source.directory).toBe('Micro_Expression/repression/S01-04-003');
    const folder = issues.filter((i) => i.code === 'mmew.emotion-folder');
    expect(folder.map((i) => i.severity)).toEqual(['info']);
    expect(folder[0]?.message).toContain("1 row(s) with emotion 'others' found in repression/");
  });

  it('also accepts others stored in others/ folders, and reports that form', async () => {
    const { result, issues } = await scan({ othersFolder: 'others' });
    expect(result.samples.find((s) => s.clip === 'S01-04-003')?.source.directory).toBe(
      'Micro_Expression/others/S01-04-003',
    );
    expect(issues.find((i) => i.code === 'mmew.emotion-folder')?.message).toContain('found in others/');
  });

  it('names the repression/ folder it expected when an others clip is missing', async () => {
    const { result, issues } = await scan({ missingFolders: ['S01-04-003'] });
    expect(result.samples).toHaveLength(7);
    const missing = issues.find((i) => i.code === 'frames.folder-missing');
    expect(missing?.message).toContain('Micro_Expression/repression/S01-04-003/');
    expect(missing?.row).toBe(4);
  });

  it('reports Macro_Expression/ as present and not converted', async () => {
    const { result, issues } = await scan({ macro: true });
    expect(result.samples.every((s) => s.kind === 'micro')).toBe(true);
    expect(issues.find((i) => i.code === 'layout.not-read')?.file).toBe('Macro_Expression');
  });

  it('refuses a clip folder found under two emotion folders, naming both', async () => {
    const root = path.join(await tempDir(), 'MMEW_Final');
    await makeMmew({ root });
    // a second copy of S02-03-004 under fear/
    await cp(
      path.join(root, 'Micro_Expression/disgust/S02-03-004'),
      path.join(root, 'Micro_Expression/fear/S02-03-004'),
      {
        recursive: true,
      },
    );
    const issues = new IssueLog();
    const result = await mmew.scan(root, { issues, options: {} });
    expect(result.samples).toHaveLength(7);
    expect(result.samples.map((s) => s.clip)).not.toContain('S02-03-004');
    const dup = issues.issues.find((i) => i.code === 'sheet.duplicate-clip');
    expect(dup?.message).toContain('Micro_Expression/disgust/S02-03-004/');
    expect(dup?.message).toContain('Micro_Expression/fear/S02-03-004/');
  });

  it('reports clip folders without a sheet row', async () => {
    const { issues } = await scan({ unlisted: ['S02-01-099'] });
    expect(issues.filter((i) => i.code === 'sheet.unlisted-folder').map((i) => i.file)).toEqual([
      'Micro_Expression/happiness/S02-01-099',
    ]);
  });
});
