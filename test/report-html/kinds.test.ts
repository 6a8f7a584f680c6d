import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

describe('HTML report and stats: counts per kind', () => {
  it('shows micro and macro counts, and --kind keeps one kind', async () => {
    const base = await tempDir();
    const out = path.join(base, 'out');
    await writeOutput(
      out,
      [
        makeSample('samm-lv', '006', 'a', { kind: 'micro' }),
        makeSample('samm-lv', '006', 'b', { kind: 'macro' }),
        makeSample('samm-lv', '007', 'c', { kind: 'macro' }),
      ],
      { frames: 'none' },
    );
    const all = await runCli(['report', out, '-o', path.join(base, 'all.html')]);
    expect(all.code, all.stderr).toBe(0);
    const html = await readFile(path.join(base, 'all.html'), 'utf8');
    expect(html).toContain('3 samples (1 micro, 2 macro)');
    expect(html).toMatch(/<th>micro<\/th><th>macro<\/th>/);
    expect(html).toContain('<tr><td>samm-lv</td><td>3</td><td>1</td><td>2</td>');
    const macro = await runCli(['report', out, '-o', path.join(base, 'macro.html'), '--kind', 'macro']);
    expect(macro.code).toBe(0);
    expect(await readFile(path.join(base, 'macro.html'), 'utf8')).toContain('2 samples (0 micro, 2 macro)');
    const stats = await runCli(['stats', out, '--json', '--kind', 'micro']);
    expect(JSON.parse(stats.stdout)).toMatchObject({ samples: 1, by_kind: { micro: 1 } });
  });
});
