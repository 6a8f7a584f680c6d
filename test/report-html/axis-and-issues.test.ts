import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { groupedBars, histogram } from '../../src/report-html/svg.js';
import type { Issue, Report } from '../../src/schema/issue.js';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

interface Label {
  x: number;
  text: string;
  fontSize: number;
  rotated: boolean;
}

function xLabelsOf(svg: string): Label[] {
  return [
    ...svg.matchAll(
      /<text class="xlabel" x="([\d.]+)" y="[\d.]+" font-size="(\d+)"([^>]*)>(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/g,
    ),
  ].map((m) => ({
    x: Number(m[1]),
    fontSize: Number(m[2]),
    rotated: (m[3] ?? '').includes('rotate'),
    text: m[4] ?? '',
  }));
}

/**
 * No two x labels touch: horizontal ones are narrower than the gap between their centres (glyphs
 * at most 0.62 of the font size wide, generous for digits and lower case); rotated ones (60°) are
 * at least one line of text apart across their direction.
 */
function expectNoOverlap(labels: readonly Label[]): void {
  expect(labels.length).toBeGreaterThan(1);
  for (let i = 1; i < labels.length; i++) {
    const a = labels[i - 1] as Label;
    const b = labels[i] as Label;
    const gap = b.x - a.x;
    if (a.rotated) expect(gap * Math.sin(Math.PI / 3)).toBeGreaterThanOrEqual(a.fontSize * 1.1);
    else expect(((a.text.length + b.text.length) / 2) * a.fontSize * 0.62).toBeLessThanOrEqual(gap);
  }
}

describe('HTML report charts: x labels stay readable', () => {
  it('a histogram of long clips (4-digit bin labels) does not run its labels together', () => {
    const values = Array.from({ length: 300 }, (_, i) => 1000 + i * 13);
    const svg = histogram({ title: 'Clip length', values, color: '#000', unit: 'clips' });
    const labels = xLabelsOf(svg);
    expect(labels.map((l) => l.text)).toContain('1000');
    expectNoOverlap(labels);
  });

  it('many long subject names are rotated, truncated with the full name as tooltip, and get room below', () => {
    const groups = Array.from({ length: 60 }, (_, i) => `participant-with-a-long-name-${i}`);
    const svg = groupedBars({
      title: 'per subject',
      groups,
      series: [{ name: 'samples', color: '#000' }],
      values: groups.map(() => [3]),
      width: 600,
      height: 220,
    });
    const labels = xLabelsOf(svg);
    expect(labels.every((l) => l.rotated)).toBe(true);
    expect(labels.every((l) => l.text.length <= 14 && l.text.endsWith('…'))).toBe(true);
    expect(svg).toContain('<title>participant-with-a-long-name-0</title>');
    expectNoOverlap(labels);
    const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
    expect(height).toBeGreaterThan(220);
  });

  it('few short labels stay horizontal and all shown', () => {
    const groups = ['casme2', 'samm', 'smic'];
    const svg = groupedBars({
      title: 'classes',
      groups,
      series: [{ name: 'n', color: '#000' }],
      values: [[1], [2], [3]],
    });
    const labels = xLabelsOf(svg);
    expect(labels.map((l) => l.text)).toEqual(groups);
    expect(labels.some((l) => l.rotated)).toBe(false);
  });
});

describe('HTML report: warnings and errors from report.json', () => {
  it('groups issues by code with counts and the first three messages, errors first, info left out', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'out');
    await writeOutput(
      out,
      [makeSample('casme2', 'sub01', 'c0', { label: 'negative', nFrames: 5, apex: 1 })],
      {
        frames: 'none',
      },
    );
    const issue = (severity: Issue['severity'], code: string, n: number): Issue => ({
      severity,
      code,
      message: `${code} number ${n}`,
      sample: null,
      file: 'CASME2-coding.xlsx',
      row: n + 2,
      dataset: null,
    });
    const issues = [
      ...Array.from({ length: 5 }, (_, i) => issue('warning', 'sheet.odd-value', i)),
      issue('warning', 'frames.gap', 0),
      ...Array.from({ length: 2 }, (_, i) => issue('error', 'frames.missing', i)),
      issue('info', 'layout.several', 0),
    ];
    const report: Report = { format_version: '1', counts: { error: 2, warning: 6, info: 1 }, issues };
    await writeFile(path.join(out, 'report.json'), JSON.stringify(report));
    const html = path.join(dir, 'r.html');
    const run = await runCli(['report', out, '-o', html]);
    expect(run.code, run.stderr).toBe(0);
    const page = await readFile(html, 'utf8');
    const section = /<section id="issues">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(section).toContain('2 errors · 6 warnings · 1 info notes');
    const rows = [
      ...section.matchAll(/<tr class="(\w+)"><td>\w+<\/td><td><code>([^<]+)<\/code><\/td><td>(\d+)<\/td>/g),
    ].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(rows).toEqual(['error frames.missing 2', 'warning sheet.odd-value 5', 'warning frames.gap 1']);
    expect(section).toContain('sheet.odd-value number 2');
    expect(section).not.toContain('sheet.odd-value number 3');
    expect(section).toContain('… 2 more');
    expect(section).toContain('[CASME2-coding.xlsx, row 2]');
    expect(section).not.toContain('layout.several');
  });

  it('says so when the output has no report.json', async () => {
    const dir = await tempDir();
    const out = path.join(dir, 'out');
    await writeOutput(out, [makeSample('samm', '006', 'c0', { label: 'negative', nFrames: 5, apex: 1 })], {
      frames: 'none',
    });
    const html = path.join(dir, 'r.html');
    expect((await runCli(['report', out, '-o', html])).code).toBe(0);
    expect(await readFile(html, 'utf8')).toContain('no report.json beside the manifest');
  });
});
