import { type FileHandle, open, readFile, unlink } from 'node:fs/promises';
import { MeUnifyError } from '../issues/errors.js';

/** A held lock: `release()` removes it; `tookOver` says whose stale lock was taken (`pid 123`), if any. */
export interface OutputLock {
  file: string;
  tookOver: string | null;
  release(): Promise<void>;
}

/**
 * Takes the exclusive lock `file` (beside the output folder) for this process, so two runs never
 * write one output or its staging folder at once. The lock holds the owner's pid; a lock whose
 * process is gone (a killed run) is taken over.
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
        await handle.writeFile(`${process.pid}\n`);
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
    const pid = Number.parseInt(text, 10);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid))
      throw new MeUnifyError(
        `${out}: another me-unify run (pid ${pid}) is writing this output folder; wait for it to finish (or stop it). If no such run exists, delete the lock file ${file}`,
        { file: out },
      );
    // the owner is gone (killed): take its lock over, unless another run just did
    if ((await readFile(file, 'utf8').catch(() => null)) !== text) continue;
    await unlink(file).catch(() => {});
    tookOver = Number.isInteger(pid) && pid > 0 ? `pid ${pid}` : 'no readable pid';
  }
  throw new MeUnifyError(`${out}: could not take the lock ${file}; another run keeps taking it`, {
    file: out,
  });
}

async function releaseLock(file: string): Promise<void> {
  // only our own lock: a lock taken over after we were presumed dead belongs to the other run
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text !== null && Number.parseInt(text, 10) === process.pid) await unlink(file).catch(() => {});
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
