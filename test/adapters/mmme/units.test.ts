import { chmod, copyFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { kindByRule, kindFromCell } from '../../../src/adapters/mmme/kind.js';
import { linkPhysio } from '../../../src/adapters/mmme/physio.js';
import { annotatorInSheetName, makeRedactor, Pseudonyms } from '../../../src/adapters/mmme/pseudonyms.js';
import { parseTrialName } from '../../../src/adapters/mmme/sheet.js';
import { parseClock, parseTifName } from '../../../src/adapters/mmme/timestamps.js';
import { ensureExecutable, findOnPath, findVideoTool, resetVideoTools } from '../../../src/sources/video.js';
import { tempDir } from '../../helpers/tmp.js';

describe('MMME building blocks', () => {
  it('reads both clock formats and the .tif names (docs/datasets.md §4.1, §4.2 G)', () => {
    expect(parseClock('16-45-38-257')).toEqual({ text: '16-45-38-257', ms: 60_338_257, code: null });
    expect(parseClock('16-45-38-257-410')?.code).toBe(410);
    expect(parseClock('25-00-00-000')).toBeNull();
    expect(parseClock('12.5')).toBeNull();
    expect(parseTifName('2023-07-21-16-45-38-257-410-112.tif')).toEqual({
      date: '20230721',
      time: { text: '16-45-38-257-410', ms: 60_338_257, code: 410 },
      marker: 112,
    });
    expect(parseTifName('2023-07-21-16-45-38-257-112.tiff')?.time.code).toBeNull();
    expect(parseTifName('img001.tif')).toBeNull();
  });

  it('reads the trial file name without keeping more than it needs', () => {
    expect(parseTrialName('angry_1_146_somebody_20230802.avi')).toEqual({
      emotion: 'angry',
      stimulus: 1,
      marker: 146,
      name: 'somebody',
      date: '20230802',
    });
    expect(parseTrialName('clip.avi')).toBeNull();
  });

  it('derives kind by the authors’ definition, and reads the column’s spellings', () => {
    expect(kindByRule(1, 1.2, 1.5)).toBe('micro'); // total 500 ms
    expect(kindByRule(1, 1.25, 2)).toBe('micro'); // onset → apex 250 ms
    expect(kindByRule(1, 1.3, 1.51)).toBe('macro');
    expect(kindByRule(1.01, 1.77, 1.77)).toBe('macro');
    expect(kindByRule(1, null, 1.6)).toBe('macro');
    expect([kindFromCell('Micro'), kindFromCell(' macro '), kindFromCell('MaE'), kindFromCell('?')]).toEqual([
      'micro',
      'macro',
      'macro',
      null,
    ]);
  });

  it('numbers pseudonyms by sorted name, keeping an earlier map', () => {
    const p = new Pseudonyms(['zeta', 'Alpha ', 'mu']);
    expect([p.of('alpha'), p.of('mu'), p.of('ZETA')]).toEqual(['p01', 'p02', 'p03']);
    const later = new Pseudonyms(['beta', 'zeta', 'alpha', 'mu'], p.toMap());
    expect([later.of('alpha'), later.of('zeta'), later.of('beta')]).toEqual(['p01', 'p03', 'p04']);
  });

  it('redacts names standing alone, not inside other words', () => {
    const redact = makeRedactor(
      new Map([
        ['lihua', 'p01'],
        ['an', 'p02'],
      ]),
    );
    expect(redact('Facial/LiHua/angry_1_146_lihua_20230802.avi')).toBe(
      'Facial/p01/angry_1_146_p01_20230802.avi',
    );
    expect(redact('an angry man_an')).toBe('p02 angry man_p02');
    expect(annotatorInSheetName('coding_file_wanglaoshi.xlsx')).toBe('wanglaoshi');
    expect(annotatorInSheetName('coding_file_combined.xlsx')).toBeNull();
    expect(annotatorInSheetName('coding_file.xlsx')).toBeNull();
  });

  it('ties physiological files to a participant by name in the path, or by the folder holding only their media', () => {
    const root = '/data/MMME';
    const links = linkPhysio(
      root,
      {
        eeg: [
          '/data/MMME/lihua/eeg/Acquisition 01.cdt',
          '/data/MMME/S07/Acquisition 02.cdt',
          '/data/MMME/all.cdt',
        ],
        peripheral: ['/data/MMME/S07/bio/Untitled1 (001).mat'],
      },
      ['lihua', 'zhou'],
      (n) => ({ lihua: 'p01', zhou: 'p02' })[n],
      new Map([
        ['p01', ['/data/MMME/lihua/video/a.avi']],
        ['p02', ['/data/MMME/S07/video/b.avi']],
      ]),
      makeRedactor(new Map([['lihua', 'p01']])),
    );
    expect(links.bySubject.get('p01')?.eeg).toEqual([
      { file: 'p01/eeg/Acquisition 01.cdt', path_pseudonymised: true },
    ]);
    expect(links.bySubject.get('p02')?.eeg).toEqual([
      { file: 'S07/Acquisition 02.cdt', path_pseudonymised: false },
    ]);
    expect(links.bySubject.get('p02')?.peripheral).toHaveLength(1);
    expect(links.unlinked).toEqual({ eeg: 1, peripheral: 0 });
  });
});

describe('finding ffmpeg and ffprobe', () => {
  it('prefers the PATH', async () => {
    const dir = await tempDir();
    const fake = path.join(dir, 'ffprobe');
    await writeFile(fake, '#!/bin/sh\nexit 0\n');
    await chmod(fake, 0o755);
    expect(await findOnPath('ffprobe', `${dir}${path.delimiter}/nonexistent`)).toBe(fake);
    expect(await findOnPath('ffprobe', '/nonexistent')).toBeNull();
  });

  it('falls back to the npm binary, and sets a missing execute bit', async () => {
    const saved = process.env.PATH;
    const dir = await tempDir();
    // a copy of the shipped ffprobe without its execute bit, as a fresh install may leave it
    const bin = path.join(dir, 'ffprobe');
    await copyFile((await import('@ffprobe-installer/ffprobe')).default.path, bin);
    await chmod(bin, 0o644);
    try {
      process.env.PATH = '/nonexistent';
      resetVideoTools();
      expect(await findVideoTool('ffprobe')).toMatch(/@ffprobe-installer/);
      expect(await ensureExecutable(bin, 'ffprobe')).toBe(bin);
      expect((await stat(bin)).mode & 0o111).not.toBe(0);
      const plain = path.join(dir, 'not-a-tool');
      await writeFile(plain, 'x');
      process.env.ME_UNIFY_FFPROBE = plain;
      resetVideoTools();
      await expect(findVideoTool('ffprobe')).rejects.toThrow(/ME_UNIFY_FFPROBE=.*not an executable file/);
    } finally {
      process.env.PATH = saved;
      delete process.env.ME_UNIFY_FFPROBE;
      resetVideoTools();
    }
  });
});
