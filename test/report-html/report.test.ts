import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { jpegPalette } from '../../fixtures/frames.js';
import { PALETTE } from '../../src/report-html/svg.js';
import type { Sample } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

/** Debian's chromium; test/setup/chromium.sh installs it (CI runs that first). */
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function outputSamples(): Sample[] {
  const out: Sample[] = [];
  const labels = ['negative', 'positive', 'surprise'];
  for (const [dataset, subjects] of [
    ['casme2', ['sub01', 'sub02', 'sub03']],
    ['samm', ['006', '007']],
    ['smic', ['s1', 's2', 's3', 's4']],
  ] as const) {
    subjects.forEach((subject, si) => {
      for (let k = 0; k <= si; k++)
        out.push(
          makeSample(dataset, subject, `c${k}`, {
            label: labels[(si + k) % 3] ?? null,
            nFrames: 4 + 3 * k + si,
            apex: dataset === 'smic' && k === 0 ? null : 1,
          }),
        );
    });
  }
  return out;
}

describe('me-unify report', () => {
  let base: string;
  let copied: string;
  let html: string;

  beforeAll(async () => {
    base = await tempDir();
    copied = path.join(base, 'out');
    const [frame] = await jpegPalette(undefined, 1);
    await writeOutput(copied, outputSamples(), { frames: 'copy', writeFrames: frame, profile: 'megc2019' });
    html = path.join(base, 'report.html');
  });

  it('writes a self-contained page: charts as inline SVG, thumbnails as data URIs, no external resource', async () => {
    const r = await runCli(['report', copied, '-o', html]);
    expect(r.code, r.stderr).toBe(0);
    const samples = outputSamples();
    const withApex = samples.filter((s) => s.apex !== null).length;
    expect(r.stdout).toContain(`${samples.length} samples, ${2 * samples.length + withApex} thumbnails`);
    const page = await readFile(html, 'utf8');
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(page).not.toMatch(/<script/);
    // 1 class chart + 3 per-subject charts + 3 clip-length histograms
    expect(page.match(/<svg class="chart"/g)).toHaveLength(7);
    expect(page.match(/src="data:image\/jpeg;base64,/g)).toHaveLength(2 * samples.length + withApex);
    expect(page).toContain('no apex');
    expect(page).toContain('smic/s4/c3');
    // SMIC frames are shown: the licence's limit on published images is stated (docs/datasets.md §10)
    expect(page).toContain(
      'smic: The SMIC licence allows sample images in publications only from subjects 01, 03, 04, 06 and 20',
    );
    expect(page).not.toContain('casme2: The');
  });

  it('leaves the contact sheet out, and says why, when frames reference the source tree', async () => {
    const ref = path.join(base, 'ref');
    await writeOutput(ref, outputSamples().slice(0, 3), { frames: 'none' });
    const r = await runCli(['report', ref, '-o', path.join(base, 'ref.html')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--frames none');
    const page = await readFile(path.join(base, 'ref.html'), 'utf8');
    expect(page).not.toContain('data:image/jpeg');
    expect(page).toContain('convert with --frames copy');
  });

  it.skipIf(!CHROMIUM)('renders its charts in headless Chromium', async () => {
    await runCli(['report', copied, '-o', html]);
    const png = path.join(base, 'shot.png');
    const profile = path.join(base, 'chromium-profile');
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
    ];
    const shot = spawnSync(
      CHROMIUM as string,
      [...args, `--screenshot=${png}`, '--window-size=1280,1400', `file://${html}`],
      { timeout: 60_000, encoding: 'utf8' },
    );
    expect(existsSync(png), shot.stderr).toBe(true);
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    // every chart colour in use must be painted: bars of each class and of the subject/length charts
    const near = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [
        number,
        number,
        number,
      ];
      let n = 0;
      for (let i = 0; i < data.length; i += info.channels)
        if (
          Math.abs((data[i] ?? 0) - r) + Math.abs((data[i + 1] ?? 0) - g) + Math.abs((data[i + 2] ?? 0) - b) <
          24
        )
          n++;
      return n;
    };
    for (const color of PALETTE.slice(0, 6)) expect(near(color), color).toBeGreaterThan(200);
    // and the page is not one flat colour
    const stats = await sharp(png).stats();
    expect(stats.channels[0]?.stdev ?? 0).toBeGreaterThan(10);

    const dom = spawnSync(CHROMIUM as string, [...args, '--dump-dom', `file://${html}`], {
      timeout: 60_000,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(dom.stdout.match(/<rect class="bar"/g)?.length ?? 0).toBeGreaterThan(20);
  });
});
