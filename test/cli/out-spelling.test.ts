import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

describe('-o is --out in every command', () => {
  it('every command that writes spells it -o, --out; the old --output still works but is not listed', async () => {
    for (const command of ['convert', 'combine', 'demo', 'report', 'schema', 'splits']) {
      const help = (await runCli([command, '--help'])).stdout;
      expect(help, command).toMatch(/-o, --out </);
      expect(help, command).not.toContain('--output');
    }
    const dir = await tempDir();
    const out = path.join(dir, 'out');
    await writeOutput(out, [makeSample('casme2', 'sub01', 'a'), makeSample('casme2', 'sub02', 'b')]);
    expect(
      (await runCli(['splits', out, '--protocol', 'loso', '--output', path.join(dir, 'old')])).code,
    ).toBe(0);
    expect((await runCli(['splits', out, '--protocol', 'loso', '--out', path.join(dir, 'new')])).code).toBe(
      0,
    );
    expect((await readdir(dir)).sort()).toEqual(['new.csv', 'new.json', 'old.csv', 'old.json', 'out']);
    const missing = await runCli(['report', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('report needs -o/--out <file>');
  });
});
