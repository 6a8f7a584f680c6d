/**
 * Fault injection for `node:fs/promises`: a test mocks the module with `faultyFs(real)` and then
 * makes the Nth write-side call (write, copy, rename, mkdir, link, open for writing, sync) fail
 * with ENOSPC, EIO or EACCES, as a full disk, a failing disk or a revoked permission would.
 *
 *   vi.mock('node:fs/promises', async (importOriginal) => {
 *     const { faultyFs } = await import('../helpers/fault-fs.js');
 *     return faultyFs(await importOriginal());
 *   });
 */
export type FaultCode = 'ENOSPC' | 'EIO' | 'EACCES';

const MESSAGES: Record<FaultCode, string> = {
  ENOSPC: 'no space left on device',
  EIO: 'i/o error',
  EACCES: 'permission denied',
};

/** The injector's state: `failAt` is the 0-based index of the write-side call that fails (-1: none). */
export const faults = {
  failAt: -1,
  code: 'ENOSPC' as FaultCode,
  /** Write-side calls counted since the last `arm`. */
  count: 0,
  /** What each counted call was (`rename /tmp/…`), for a failing test's message. */
  log: [] as string[],
  arm(failAt: number, code: FaultCode = 'ENOSPC'): void {
    this.failAt = failAt;
    this.code = code;
    this.count = 0;
    this.log = [];
  },
  disarm(): void {
    this.failAt = -1;
  },
};

const WRITE_OPS = ['writeFile', 'appendFile', 'copyFile', 'rename', 'mkdir', 'link', 'symlink'] as const;

function injected(op: string, target: unknown): Error {
  const path = String(target);
  const err = new Error(`${faults.code}: ${MESSAGES[faults.code]}, ${op} '${path}'`) as NodeJS.ErrnoException;
  err.code = faults.code;
  err.syscall = op;
  err.path = path;
  return err;
}

/** Counts one write-side call; throws the injected error when it is the one to fail. */
function step(op: string, target: unknown): void {
  const n = faults.count++;
  faults.log.push(`${op} ${String(target)}`);
  if (n === faults.failAt) throw injected(op, target);
}

type FsPromises = typeof import('node:fs/promises');

export function faultyFs(real: FsPromises): FsPromises {
  const wrapped: Record<string, unknown> = { ...real };
  for (const op of WRITE_OPS) {
    const fn = real[op] as (...args: unknown[]) => Promise<unknown>;
    wrapped[op] = async (...args: unknown[]) => {
      step(op, args[op === 'copyFile' || op === 'rename' || op === 'link' ? 1 : 0]);
      return fn(...args);
    };
  }
  // open for writing (the lock file, streams): counted, and its handle's writes and syncs too
  wrapped.open = async (...args: Parameters<FsPromises['open']>) => {
    const flags = String(args[1] ?? 'r');
    const writing = /[wa+]/.test(flags);
    if (writing) step('open', args[0]);
    const handle = await real.open(...args);
    if (!writing) return handle;
    const write = handle.writeFile.bind(handle);
    const sync = handle.sync.bind(handle);
    handle.writeFile = async (...a: Parameters<typeof handle.writeFile>) => {
      step('write', args[0]);
      return write(...a);
    };
    handle.sync = async () => {
      step('fsync', args[0]);
      return sync();
    };
    return handle;
  };
  return { ...wrapped, default: wrapped } as unknown as FsPromises;
}
