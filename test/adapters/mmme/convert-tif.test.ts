import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { frameClock, type MmmeFixtureRow, makeMmme } from '../../../fixtures/mmme.js';
import { formatClock } from '../../../src/adapters/mmme/timestamps.js';
import { readManifest } from '../../../src/manifest/read.js';
import type { Sample } from '../../../src/schema/sample.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { namesIn, namesUnder } from './helpers.js';

// The camera's own stills: folders of YYYY-MM-DD-HH-MM-SS-mmm-<code>-<marker>.tif, matched by the
// sheet's clock times; the combined sheet's Macro/Micro column gives the kind.
describe('MMME: .tif frames and the Macro/Micro column', () => {
  let base: string;
  let root: string;
  let rows: MmmeFixtureRow[];
  let samples: Sample[];
  let run: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    base = await tempDir();
    root = path.join(base, 'MMME');
    ({ rows } = await makeMmme({
      root,
      media: ['tif'],
      kindColumn: true,
      sheetFile: 'coding_file_combined.xlsx',
      participants: 2,
      rowsPerParticipant: 4,
    }));
    run = await runCli([
      'convert',
      root,
      '-o',
      path.join(base, 'out'),
      '--labels',
      'megc2019',
      '--pseudonymised-paths',
    ]);
    samples = run.code === 0 ? await readManifest(path.join(base, 'out', 'manifest.jsonl')) : [];
  }, 120_000);

  it('finds each row’s frames by marker, date and clock time', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(samples).toHaveLength(rows.length);
    for (const s of samples) {
      const row = rows.find(
        (r) => s.extra.marker === r.marker && (s.extra.times as { onset: number }).onset === r.onsetTime,
      ) as MmmeFixtureRow;
      expect(row).toBeDefined();
      expect(s.fps).toBe(150);
      expect(s.video).toBeNull();
      // onset-offset span: the first frame is the OnsetFrame's .tif, the last the OffsetFrame's
      const on = frameClock(row.trialStartMs, row.onsetFrame);
      const off = frameClock(row.trialStartMs, row.offsetFrame);
      expect(path.basename(s.frames[0] as string)).toContain(formatClock(on.ms, on.code));
      expect(path.basename(s.frames[s.frames.length - 1] as string)).toContain(formatClock(off.ms, off.code));
      expect(s.frame_count).toBe(row.offsetFrame - row.onsetFrame + 1);
      expect(s.apex).toBe(row.apexFrame - row.onsetFrame);
    }
  });

  it('takes the kind from Macro/Micro and records the rule used', () => {
    for (const s of samples) {
      const row = rows.find(
        (r) => s.extra.marker === r.marker && (s.extra.times as { onset: number }).onset === r.onsetTime,
      ) as MmmeFixtureRow;
      expect(s.kind).toBe(row.kind.toLowerCase());
      expect(s.extra.kind_source).toBe('sheet');
    }
  });

  it('copies the .tif frames byte for byte and leaves no name behind', async () => {
    const out = path.join(base, 'copy');
    const copy = await runCli(['convert', root, '-o', out, '--frames', 'copy']);
    expect(copy.code, copy.stderr).toBe(0);
    const copied = await readManifest(path.join(out, 'manifest.jsonl'));
    expect(copied.map((s) => s.frame_count)).toEqual(samples.map((s) => s.frame_count));
    expect(copied[0]?.frames[0]).toMatch(/000000\.tif$/);
    expect(await namesUnder(out)).toEqual([]);
    expect(await namesUnder(path.join(base, 'out'))).toEqual([]);
    expect(namesIn(run.stdout + run.stderr + copy.stdout + copy.stderr)).toEqual([]);
    expect((await runCli(['validate', out])).code).toBe(0);
  });

  it('refuses --frames none without --pseudonymised-paths: its paths could not resolve (issue 12 item 6)', async () => {
    const out = path.join(base, 'none');
    const refused = await runCli(['convert', root, '-o', out, '--frames', 'none']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--frames none: file names under .* hold participants' names/);
    expect(refused.stderr).toMatch(/Use --frames copy/);
    expect(namesIn(refused.stdout + refused.stderr)).toEqual([]);
    await expect(readManifest(path.join(out, 'manifest.jsonl'))).rejects.toThrow();
  });
});
