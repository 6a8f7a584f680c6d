import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSheet } from '../../../src/adapters/kit/choose-sheet.js';
import { locateClip } from '../../../src/adapters/kit/clip.js';
import { longVideoFrames } from '../../../src/adapters/kit/clip-frames.js';
import { CLIP_CONCURRENCY, rowsToSamples } from '../../../src/adapters/kit/rows-to-samples.js';
import { reportUnlistedFolders } from '../../../src/adapters/kit/unlisted-folders.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { tempDir } from '../../helpers/tmp.js';

/** A clip folder holding img<n>.jpg for each n (content is irrelevant: frames are listed, not decoded). */
async function clip(dir: string, numbers: number[], extra: string[] = []): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const n of numbers) await writeFile(path.join(dir, `img${n}.jpg`), 'x');
  for (const name of extra) await writeFile(path.join(dir, name), 'x');
  return dir;
}

describe('kit: the row loop', () => {
  it('builds one sample per id in sheet order, reports the second row of an id naming the first, and counts it', async () => {
    const issues = new IssueLog();
    const rows = [
      { row: 2, id: 'a' },
      { row: 3, id: 'b' },
      { row: 4, id: 'a' },
    ];
    const result = await rowsToSamples(
      {
        rows,
        idOf: (r) => r.id,
        where: (r) => ({ file: 'sheet.xlsx', row: r.row }),
        // the first row finishes last: results still come back in sheet order
        build: async (r) => {
          await new Promise((done) => setTimeout(done, r.row === 2 ? 20 : 0));
          return `sample ${r.id}@${r.row}`;
        },
      },
      issues,
    );
    expect(result.built).toEqual(['sample a@2', 'sample b@3']);
    expect([...result.listed]).toEqual(['a', 'b']);
    expect(result.failed).toBe(1);
    expect(issues.issues.map((i) => [i.code, i.sample, i.row, i.message])).toEqual([
      ['sheet.duplicate-clip', 'a', 4, 'a is listed twice, here and on row 2; expected one row per clip'],
    ]);
  });

  it('counts a build that gives null as failed, and never runs more than CLIP_CONCURRENCY builds at once', async () => {
    let running = 0;
    let most = 0;
    const rows = Array.from({ length: 60 }, (_, i) => i);
    const result = await rowsToSamples(
      {
        rows,
        idOf: (r) => String(r),
        where: () => ({}),
        build: async (r) => {
          most = Math.max(most, ++running);
          await new Promise((done) => setTimeout(done, 2));
          running--;
          return r % 10 === 0 ? null : r;
        },
      },
      new IssueLog(),
    );
    expect(result.built).toHaveLength(54);
    expect(result.failed).toBe(6);
    expect(most).toBe(CLIP_CONCURRENCY);
  });
});

describe('kit: a clip folder and its range', () => {
  it('locates onset, apex and offset by frame number and records the sheet values', async () => {
    const root = await tempDir();
    const dir = await clip(path.join(root, 'sub01', 'EP01'), [5, 6, 7, 8]);
    const issues = new IssueLog();
    const located = await locateClip(
      { root, dir, where: { sample: 's' }, onset: 5, apex: 7, offset: 8 },
      issues,
    );
    expect(located).toMatchObject({
      onset: 0,
      apex: 2,
      offset: 3,
      apex_source: 'annotated',
      directory: 'sub01/EP01',
    });
    expect(located?.source_frames).toEqual({ onset: 5, apex: 7, offset: 8 });
    expect(located?.frames.map((f) => path.basename(f))).toEqual([
      'img5.jpg',
      'img6.jpg',
      'img7.jpg',
      'img8.jpg',
    ]);
    expect(issues.issues).toEqual([]);
  });

  it('leaves an apex outside the range unknown (reported, never moved) and reports a cut clip that does not match', async () => {
    const root = await tempDir();
    const dir = await clip(path.join(root, 'c'), [1, 2, 3, 4, 5]);
    const issues = new IssueLog();
    let outside = 0;
    const located = await locateClip(
      {
        root,
        dir,
        where: {},
        onset: 2,
        apex: 9,
        offset: 4,
        labels: { onset: 'OnsetFrame', apex: 'ApexFrame', offset: 'OffsetFrame' },
        cutToRange: true,
        onApexOutside: () => outside++,
      },
      issues,
    );
    expect(located).toMatchObject({ onset: 1, apex: null, offset: 3, apex_source: 'missing' });
    expect(outside).toBe(1);
    expect(issues.issues.map((i) => [i.code, i.message])).toEqual([
      [
        'apex.outside',
        'ApexFrame 9 is outside OnsetFrame..OffsetFrame (2..4); the apex is left unknown (apex_source: missing), the sheet value is kept in source_frames.apex',
      ],
      ['frames.range-mismatch', 'c/ holds frames 1..5; the sheet says 2..4'],
    ]);
  });

  it('refuses a missing folder (by its exact name), a gap in the range, and duplicated frame numbers', async () => {
    const root = await tempDir();
    await clip(path.join(root, 'EP01F'), [1, 2]);
    const gap = await clip(path.join(root, 'gap'), [1, 2, 4]);
    const twice = await clip(path.join(root, 'twice'), [1, 2], ['img02.jpg']);
    const issues = new IssueLog();
    const at = (dir: string) => ({ root, dir, where: {}, onset: 1, apex: null, offset: 3 });
    expect(await locateClip(at(path.join(root, 'EP01f')), issues)).toBeNull();
    expect(await locateClip({ ...at(gap), offset: 4 }, issues)).toBeNull();
    expect(await locateClip({ ...at(twice), offset: 2 }, issues)).toBeNull();
    expect(issues.issues.map((i) => [i.code, i.message])).toEqual([
      ['frames.folder-missing', "no folder EP01f/ for this sheet row; expected the clip's frames there"],
      ['frames.range', 'gap/: frames missing between onset and offset: 3 (onset 1, offset 4)'],
      [
        'frames.duplicate',
        'twice/: frame number 2 is written by several files (img02.jpg, img2.jpg); expected one file per frame',
      ],
    ]);
  });

  it('lists a long video once for all its samples', async () => {
    const root = await tempDir();
    const dir = await clip(path.join(root, 'video'), [1, 2, 3]);
    const list = longVideoFrames(new IssueLog());
    const first = await list(dir, 'video', {});
    await writeFile(path.join(dir, 'img4.jpg'), 'x');
    const second = await list(dir, 'video', {});
    expect(second?.paths).toHaveLength(3);
    expect(second?.paths).toBe(first?.paths);
  });
});

describe('kit: sheets and folders around the rows', () => {
  it('takes --sheet as given, else the first found, warning when there are several; none is an error naming the folder', async () => {
    const issues = new IssueLog();
    const base = { root: '/data/X', what: 'coding sheet', missing: 'no coding sheet found; expected X.xlsx' };
    expect(chooseSheet({ ...base, given: 'mine.xlsx', found: ['/data/X/a.xlsx'] }, issues)).toBe(
      path.resolve('mine.xlsx'),
    );
    expect(issues.issues).toEqual([]);
    expect(
      chooseSheet({ ...base, given: undefined, found: ['/data/X/a.xlsx', '/data/X/b.xlsx'] }, issues),
    ).toBe('/data/X/a.xlsx');
    expect(issues.issues.map((i) => [i.code, i.message])).toEqual([
      [
        'sheet.several-sheets',
        'several coding sheets found (a.xlsx, b.xlsx); using a.xlsx. Pass --sheet to choose another',
      ],
    ]);
    expect(() => chooseSheet({ ...base, given: undefined, found: [] }, issues)).toThrow(
      '/data/X: no coding sheet found; expected X.xlsx, or pass --sheet <file>',
    );
  });

  it('reports every clip folder that no row lists, and only those', async () => {
    const root = await tempDir();
    await clip(path.join(root, 'sub01', 'EP01'), [1]);
    await clip(path.join(root, 'sub01', 'EP02'), [1]);
    const issues = new IssueLog();
    const unlisted = await reportUnlistedFolders(
      root,
      [{ dir: path.join(root, 'sub01'), idOf: (c) => `x/sub01/${c}` }],
      new Set(['x/sub01/EP01']),
      'coding sheet',
      issues,
    );
    expect(unlisted).toEqual(['sub01/EP02']);
    expect(issues.issues.map((i) => [i.code, i.file, i.message])).toEqual([
      ['sheet.unlisted-folder', 'sub01/EP02', 'sub01/EP02/ has no row in the coding sheet; not converted'],
    ]);
  });
});
