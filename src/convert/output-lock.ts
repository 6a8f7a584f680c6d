import { readFileSync } from 'node:fs';
import { type FileHandle, open, readFile, unlink } from 'node:fs/promises';
import os from 'node:os';
import { MeUnifyError } from '../issues/errors.js';

/** A held lock: `release()` removes it; `tookOver` says whose stale lock was taken (`pid 123`), if any. */
export interface OutputLock {
  file: string;
  tookOver: string | null;
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock `file` (beside the output folder) for this process, so two runs never
 * write one output or its staging folder at once. The lock names its owner: pid, host and (Linux)
 * the process's start time, a line each. A lock whose process is gone (a killed run), or whose pid
 * now belongs to a process started at another time (the pid was reused), is taken over; a lock
 * from another host (an output on a shared disk) is never, since its process cannot be checked
 * from here.
 */
export async function acquireLock(file: string, out: string): Promise<OutputLock> {
  let tookOver: string | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    let handle: FileHandle | null = null;
    try {
      handle = await open(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (handle) {
      try {
        await handle.writeFile(ownerText());
        await handle.close();
      } catch (err) {
        // a lock we could not fill in is no lock: leave nothing behind
        await handle.close().catch(() => {});
        await unlink(file).catch(() => {});
        throw err;
      }
      return { file, tookOver, release: () => releaseLock(file) };
    }
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // released meanwhile: try again
    const owner = parseOwner(text);
    const state = ownerState(owner);
    if (state === 'elsewhere')
      throw new MeUnifyError(
        `${out}: another me-unify run (pid ${owner.pid} on host ${owner.host}) may be writing this output folder, which another machine shares; wait for it to finish. If no such run exists, delete the lock file ${file}`,
        { file: out },
      );
    if (state === 'alive')
      throw new MeUnifyError(
        `${out}: another me-unify run (pid ${owner.pid}) is writing this output folder; wait for it to finish (or stop it). If no such run exists, delete the lock file ${file}`,
        { file: out },
      );
    // the owner is gone (killed): take its lock over, unless another run just did
    if ((await readFile(file, 'utf8').catch(() => null)) !== text) continue;
    await unlink(file).catch(() => {});
    tookOver = owner.pid !== null ? `pid ${owner.pid}` : 'no readable pid';
  }
  throw new MeUnifyError(`${out}: could not take the lock ${file}; another run keeps taking it`, {
    file: out,
  });
}

async function releaseLock(file: string): Promise<void> {
  // only our own lock: a lock taken over after we were presumed dead belongs to the other run
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return;
  const owner = parseOwner(text);
  if (owner.pid === process.pid && (owner.host === null || owner.host === os.hostname()))
    await unlink(file).catch(() => {});
}

/** A lock's owner as written: its first line the pid, then host and start time (older locks: the pid alone). */
interface Owner {
  pid: number | null;
  host: string | null;
  started: string | null;
}

function ownerText(): string {
  return `${process.pid}\n${os.hostname()}\n${startTime(process.pid) ?? ''}\n`;
}

function parseOwner(text: string): Owner {
  const [pidLine, host, started] = text.split('\n').map((l) => l.trim());
  const pid = Number.parseInt(pidLine ?? '', 10);
  return {
    pid: Number.isInteger(pid) && pid > 0 ? pid : null,
    host: host || null,
    started: started || null,
  };
}

function ownerState(owner: Owner): 'alive' | 'gone' | 'elsewhere' {
  if (owner.pid === null) return 'gone';
  if (owner.host !== null && owner.host !== os.hostname()) return 'elsewhere';
  if (!isAlive(owner.pid)) return 'gone';
  const now = owner.started === null ? null : startTime(owner.pid);
  return now !== null && now !== owner.started ? 'gone' : 'alive';
}

/** When process `pid` started, in clock ticks since boot (Linux's /proc/<pid>/stat, field 22); null elsewhere. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // fields after the command name, which is in parentheses and may hold spaces
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}
