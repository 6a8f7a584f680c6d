import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

/** Runs `cmd` in bash, as a user types it; needs `npm run build` (dist/). */
function bash(cmd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', cmd]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, stderr }));
  });
}

describe('a reader that closes the pipe early', () => {
  it('`validate … | head -1`: the first line, no EPIPE stack trace, the run’s own exit code', async () => {
    const dir = await tempDir();
    const manifest = path.join(dir, 'manifest.jsonl');
    // 2,000 invalid lines: far more output than a pipe holds, so the writer meets the closed pipe
    await writeFile(manifest, '{"id":1}\n'.repeat(2000));
    const run = await bash(
      `node ${JSON.stringify(BIN)} validate ${JSON.stringify(manifest)} --json | head -c 1; echo " exit=\${PIPESTATUS[0]}"`,
    );
    expect(run.stdout).toBe('{ exit=1\n');
    expect(run.stderr).toBe('');
    const text = await bash(
      `node ${JSON.stringify(BIN)} validate ${JSON.stringify(manifest)} | head -1; echo "exit=\${PIPESTATUS[0]}"`,
    );
    expect(text.stdout).toBe('INVALID: 0 samples, 2000 errors, 0 warnings\nexit=1\n');
    expect(text.stderr).toBe('');
  });

  it('stdout closed before the first write: the run still ends quietly with code 0', async () => {
    const child = spawn(process.execPath, [BIN, '--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(code).toBe(0);
  });
});
