import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../../fixtures/casme2.js';
import { jpegPalette } from '../../../fixtures/frames.js';
import { casme2 } from '../../../src/adapters/casme2/index.js';
import { detect } from '../../../src/adapters/detect.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

describe('CASME II detection', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await makeCasme2({ root: path.join(dir, 'full', 'CASME2'), layouts: ['raw-selected', 'cropped', 'raw'] });
    await makeCasme2({ root: path.join(dir, 'cropped-only'), layouts: ['cropped'], sheet: '20190701' });
    await makeCasme2({ root: path.join(dir, 'raw-only'), layouts: ['raw'], sheet: 'ver2-xls' });
    await makeCasme2({ root: path.join(dir, 'frames-only'), layouts: ['raw-selected'], sheet: 'none' });
  });

  it.each([
    ['full/CASME2', 'high', 'full/CASME2'],
    ['full', 'high', 'full/CASME2'], // the folder above the dataset's own folder
    ['cropped-only', 'high', 'cropped-only'],
    ['raw-only', 'high', 'raw-only'],
    ['frames-only', 'medium', 'frames-only'],
  ])('names casme2 in %s (confidence %s)', async (rel, confidence, root) => {
    const result = await detect(path.join(dir, rel));
    expect(result.best).toMatchObject({ adapter: 'casme2', confidence, root: path.join(dir, root) });
    expect(result.best?.evidence.length).toBeGreaterThan(0);
  });

  it('does not claim unrelated folders, and says why', async () => {
    const other = path.join(dir, 'holiday-photos', 'day1');
    await mkdir(other, { recursive: true });
    const [jpeg] = await jpegPalette();
    await writeFile(path.join(other, 'img1.jpg'), jpeg as Buffer);
    await writeFile(path.join(dir, 'holiday-photos', 'notes.xlsx'), 'not a sheet');
    const d = await casme2.detect(path.join(dir, 'holiday-photos'));
    expect(d).toMatchObject({ confidence: 'none', root: null });
    expect(d.reason).toContain('no CASME II coding sheet');
    const run = await runCli(['detect', path.join(dir, 'holiday-photos')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('casme2: no CASME II coding sheet');
  });

  it('prints the evidence, and with --json every adapter with its reason', async () => {
    const text = await runCli(['detect', path.join(dir, 'full')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^casme2 \(confidence high\)/);
    expect(text.stdout).toContain('coding sheet CASME2-coding-20140508.xlsx');
    const json = await runCli(['detect', path.join(dir, 'full'), '--json']);
    const parsed = JSON.parse(json.stdout) as {
      detected: string;
      adapters: { adapter: string; confidence: string; reason: string | null }[];
    };
    expect(parsed.detected).toBe('casme2');
    const rejected = parsed.adapters.filter((a) => a.confidence === 'none');
    for (const r of rejected) expect(r.reason, r.adapter).toBeTruthy();
  });

  it('a missing root is a usage error (exit 2)', async () => {
    const run = await runCli(['detect', path.join(dir, 'nowhere')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('not a folder');
  });
});
