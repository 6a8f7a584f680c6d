/**
 * Node's file-system errors (`ENOSPC: no space left on device, write`) in words a researcher can
 * act on, naming the file. Used by the CLI's last-resort catch so no raw errno or stack is shown.
 */
const MEANING: Record<string, string> = {
  ENOSPC:
    'no space left on the device; free some space (or choose an output folder on a larger disk) and rerun: finished clips are kept and reused',
  EDQUOT: 'disk quota exceeded; free some space and rerun: finished clips are kept and reused',
  EACCES: 'permission denied; expected a file or folder you may read (and, for outputs, write)',
  EPERM: 'operation not permitted; expected a file or folder you may read (and, for outputs, write)',
  EROFS: 'the file system is read-only; expected a writable output folder',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of this path is a file, not a folder',
  EISDIR: 'is a folder; expected a file',
  ELOOP: 'symlink loop (links that point at each other)',
  EMFILE: 'too many open files; lower --jobs',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'input/output error reading the disk',
};

export interface SystemError {
  code: string;
  path?: string | undefined;
  dest?: string | undefined;
  syscall?: string | undefined;
}

export function asSystemError(err: unknown): SystemError | null {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (typeof e === 'object' && 'code' in e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code))
      return e as SystemError;
  }
  return null;
}

/** One line naming the file and what went wrong, or null when `err` is not a file-system error. */
export function describeSystemError(err: unknown): string | null {
  const e = asSystemError(err);
  if (!e) return null;
  const file = e.path ?? e.dest ?? '(file not named by the system)';
  const meaning = MEANING[e.code] ?? `system error ${e.code}`;
  return `${file}: ${meaning} (${e.code}${e.syscall ? ` in ${e.syscall}` : ''})`;
}

export function isNoSpace(err: unknown): boolean {
  const code = asSystemError(err)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}
