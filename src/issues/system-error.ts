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
  EROFS: 'read-only file system; expected a writable output folder',
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
  const code = storageErrorCode(err);
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/** libvips (sharp) reports the system's words, not an errno: "system error: No space left on device". */
const STORAGE_TEXT: [RegExp, string][] = [
  [/No space left on device/i, 'ENOSPC'],
  [/Disk quota exceeded/i, 'EDQUOT'],
  [/Read-only file system/i, 'EROFS'],
];

/**
 * The errno of a failure of the storage itself (full disk, quota, read-only file system), from
 * Node's `code` or from the text libvips gives; null for other errors. Such a failure is never the
 * fault of one sample: the whole run stops.
 */
export function storageErrorCode(err: unknown): 'ENOSPC' | 'EDQUOT' | 'EROFS' | null {
  const code = asSystemError(err)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS') return code;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
    for (const [re, c] of STORAGE_TEXT) if (re.test(text)) return c as 'ENOSPC' | 'EDQUOT' | 'EROFS';
  }
  return null;
}

/** Words for a failure to write an output, by errno. */
export function outputMeaning(code: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'no space left on the device; free some space (or choose an output folder on a larger disk)';
    case 'EDQUOT':
      return 'disk quota exceeded; free some space';
    case 'EROFS':
      return 'read-only file system; choose an output folder on a writable disk';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied; choose an output folder you may write to';
    default:
      return MEANING[code] ?? `system error ${code}`;
  }
}
