import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** Runs the CLI in-process as if stderr were a terminal; returns what was drawn raw on stderr. */
async function runOnTerminal(args: string[]): Promise<{ code: number; drawn: string[] }> {
  const drawn: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
    drawn.push(String(chunk));
    return true;
  });
  try {
    const code = await main(['node', 'me-unify', ...args], { out: () => {}, err: () => {}, isTTY: true });
    return { code, drawn };
  } finally {
    spy.mockRestore();
  }
}

describe('validate progress', () => {
  let out: string;
  beforeAll(async () => {
    const dir = await tempDir();
    const root = path.join(dir, 'CASME2');
    await makeCasme2({ root });
    out = path.join(dir, 'out');
    const run = await runCli(['convert', root, '-o', out, '--labels', 'megc2019']);
    expect(run.code, run.stderr).toBe(0);
  });
  afterEach(() => vi.restoreAllMocks());

  it('on a terminal, draws a line before any frame is checked and ends at all samples', async () => {
    const run = await runOnTerminal(['validate', out]);
    expect(run.code).toBe(0);
    const lines = run.drawn.filter((d) => d.includes('validate:'));
    // the first line is drawn at once (0 done), not after the first sample's frames are read
    expect(lines[0]).toMatch(/validate: 0\/255 samples/);
    expect(lines.at(-1)).toMatch(/validate: 255\/255 samples, \d+ frames/);
    expect(run.drawn.at(-1)).toBe('\n');
  });

  it('prints no progress when stderr is not a terminal', async () => {
    const run = await runCli(['validate', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('validate:');
    expect(run.stderr).toBe('');
  });
});
