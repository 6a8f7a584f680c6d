import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MMME_FPS, MMME_PARTICIPANTS, type MmmeFixtureRow, makeMmme } from '../../../fixtures/mmme.js';
import { readManifest } from '../../../src/manifest/read.js';
import type { Sample } from '../../../src/schema/sample.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { namesIn, namesUnder } from './helpers.js';

// The done-when tree: the public 944-row coding file (no Macro/Micro column), one video per trial.
describe('MMME: 944-row public sheet, trial videos, --frames none', () => {
  let base: string;
  let root: string;
  let rows: MmmeFixtureRow[];
  let out: string;
  let mapFile: string;
  let run: { code: number; stdout: string; stderr: string };
  let samples: Sample[];

  beforeAll(async () => {
    base = await tempDir();
    root = path.join(base, 'MMME');
    ({ rows } = await makeMmme({ root, physio: true }));
    out = path.join(base, 'out');
    mapFile = path.join(base, 'private', 'subjects.json');
    run = await runCli([
      'convert',
      root,
      '-o',
      out,
      '--labels',
      'megc2019',
      '--frames',
      'none',
      '--pseudonymised-paths',
      '--subject-map',
      mapFile,
    ]);
    samples = run.code === 0 ? await readManifest(path.join(out, 'manifest.jsonl')) : [];
  }, 120_000);

  it('writes one sample per sheet row', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(rows).toHaveLength(944);
    expect(samples).toHaveLength(944);
    expect(new Set(samples.map((s) => s.subject)).size).toBe(16);
    expect(run.stdout).toMatch(/converted 944 samples from 16 subjects of mmme/);
  });

  it('leaves no participant name in any output file, nor on the console', async () => {
    expect(await namesUnder(out)).toEqual([]);
    expect(namesIn(run.stdout + run.stderr)).toEqual([]);
  });

  it('uses pseudonyms by sorted name and keeps emotion, stimulus, marker and onset time in the clip id', () => {
    const sorted = [...MMME_PARTICIPANTS].sort();
    const first = rows.find((r) => r.name === sorted[0]) as MmmeFixtureRow;
    const id = `mmme/p01/${first.emotion}_${first.stimulus}_${first.marker}_${first.onsetTime.toFixed(2)}`;
    expect(samples.map((s) => s.id)).toContain(id);
    for (const s of samples) expect(s.id).toMatch(/^mmme\/p\d{2}\/[a-z]+_\d_\d{3}_\d+\.\d{2}$/);
  });

  it('writes the name → pseudonym map only where asked, readable by its owner only', async () => {
    const map = JSON.parse(await readFile(mapFile, 'utf8')) as { subjects: Record<string, string> };
    expect(Object.keys(map.subjects).sort()).toEqual([...MMME_PARTICIPANTS].sort());
    expect(map.subjects[[...MMME_PARTICIPANTS].sort()[1] as string]).toBe('mmme/p02');
    expect((await stat(mapFile)).mode & 0o077).toBe(0);
  });

  it('places each sample in its trial video: times → frames at the container rate', () => {
    const byRow = new Map(rows.map((r, i) => [i, r]));
    expect(byRow.size).toBe(944);
    for (const s of samples) {
      expect(s.frames).toEqual([]);
      expect(s.video?.path).toMatch(/^\.\.\/MMME\/Facial_videos\/p\d{2}\/[a-z]+_\d_\d{3}_p\d{2}_\d{8}\.avi$/);
      const { start_time, end_time } = s.video as { start_time: number; end_time: number };
      expect(Math.abs(s.frame_count - ((end_time - start_time) * MMME_FPS + 1))).toBeLessThanOrEqual(1);
      expect(s.offset).toBe(s.frame_count - 1);
      expect(s.fps).toBe(MMME_FPS);
    }
  });

  it('derives kind by the authors’ rule and says so in dataset.json', async () => {
    const info = JSON.parse(await readFile(path.join(out, 'dataset.json'), 'utf8'));
    const details = info.datasets[0].details;
    expect(details.kind_rule).toMatch(/≤ 0\.500 s or ApexTime − OnsetTime ≤ 0\.250 s/);
    expect(details.sheet_version).toBe('mmme-coding-public-944');
    const micro = rows.filter(
      (r) =>
        Math.round((r.offsetTime - r.onsetTime) * 1000) <= 500 ||
        Math.round((r.apexTime - r.onsetTime) * 1000) <= 250,
    ).length;
    expect(samples.filter((s) => s.kind === 'micro')).toHaveLength(micro);
    expect(details.kinds).toEqual({ micro, macro: 944 - micro });
    expect(info.options.subjectMap).toBe(true);
  });

  it('maps the seven MMME emotions to the MEGC classes, for micro-expressions only (the profile labels micro)', () => {
    const micro = samples.filter((s) => s.kind === 'micro');
    expect(micro.length).toBeGreaterThan(0);
    expect(samples.filter((s) => s.kind === 'macro' && s.label !== null)).toEqual([]);
    const count = (label: string) => micro.filter((s) => s.label === label).length;
    const emotions = (...names: string[]) => micro.filter((s) => names.includes(s.emotion as string)).length;
    expect(count('positive')).toBe(emotions('happy'));
    expect(count('surprise')).toBe(emotions('surprise'));
    expect(count('negative')).toBe(micro.length - emotions('happy', 'surprise'));
  });

  it('references each participant’s EEG and BIOPAC files with the trial marker and times', () => {
    const s = samples[0] as Sample;
    const physio = s.extra.physio as {
      eeg: { file: string }[];
      peripheral: { file: string }[];
      marker: number;
      times: { onset: number };
    };
    const p = s.subject.replace('mmme/', '');
    expect(physio.eeg.map((f) => f.file)).toEqual([`Physio/${p}/EEG/Acquisition 01.cdt`]);
    expect(physio.peripheral.map((f) => f.file)).toEqual([`Physio/${p}/BIOPAC/Untitled1 (001).mat`]);
    expect(physio.marker).toBe(s.extra.marker);
    expect(physio.times.onset).toBe(s.video?.start_time);
  });

  it('validates, warning that the pseudonymised video paths do not resolve as written', async () => {
    const v = await runCli(['validate', out, '--json']);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const report = JSON.parse(v.stdout) as { issues: { code: string; severity: string }[] };
    const videos = report.issues.filter((i) => i.code === 'video.pseudonymised');
    expect(videos).toHaveLength(samples.length);
    expect(videos.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('gives the same pseudonyms on a rerun, and refuses a subject map inside the output', async () => {
    const again = path.join(base, 'out2');
    const rerun = await runCli([
      'convert',
      root,
      '-o',
      again,
      '--frames',
      'none',
      '--pseudonymised-paths',
      '--subject-map',
      mapFile,
    ]);
    expect(rerun.code, rerun.stderr).toBe(0);
    const ids = (await readManifest(path.join(again, 'manifest.jsonl'))).map((s) => s.id).sort();
    expect(ids).toEqual(samples.map((s) => s.id).sort());
    const inside = await runCli([
      'convert',
      root,
      '-o',
      path.join(base, 'out3'),
      '--subject-map',
      path.join(base, 'out3', 'map.json'),
    ]);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/--subject-map .* inside the output folder/);
  });
});
