import { execFileSync, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const DIST_CONVERT = fileURLToPath(new URL('../../dist/src/cli/commands/convert.js', import.meta.url));

/**
 * A real process with convert's interrupt handler installed and a worker thread stuck copying a
 * FIFO that no one writes (as `--frames copy` did): the I/O a hostile input could leave pending.
 * `process.exit` then never returns (issue 11 item 9); the handler must still end the process.
 */
async function interruptWhileBlocked(signal: 'SIGTERM' | 'SIGINT') {
  const dir = await tempDir('me-unify-signal-');
  const fifo = path.join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  const script = path.join(dir, 'blocked.mjs');
  await writeFile(
    script,
    `import { copyFile } from 'node:fs/promises';
import { interruptHandler } from ${JSON.stringify(DIST_CONVERT)};
interruptHandler({ out: () => {}, err: (l) => process.stderr.write(l + '\\n'), isTTY: false }, ${JSON.stringify(path.join(dir, 'out'))}, () => {});
copyFile(${JSON.stringify(fifo)}, ${JSON.stringify(path.join(dir, 'copy'))}).then(() => console.log('copied'));
setInterval(() => {}, 1000);
process.stdout.write('ready\\n');
`,
  );
  const child = spawn(process.execPath, [script]);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  await new Promise((r) => setTimeout(r, 200)); // let the open reach the thread pool
  const started = Date.now();
  child.kill(signal);
  const ended = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ code: null, signal: 'hung: killed after 5 s' });
    }, 5000);
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      resolve({ code, signal: sig });
    });
  });
  return { ...ended, stderr, ms: Date.now() - started };
}

describe('signals end the process even with I/O pending (needs npm run build)', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} while a FIFO open is pending: "interrupted", then the process ends by ${signal}`, async () => {
      const run = await interruptWhileBlocked(signal);
      expect(run.stderr).toContain(`me-unify: interrupted (${signal})`);
      // ended by the signal itself: a shell reports 128 + n (130 for SIGINT, 143 for SIGTERM)
      expect(run.signal).toBe(signal);
      expect(run.ms).toBeLessThan(5000);
    });
  }
});
