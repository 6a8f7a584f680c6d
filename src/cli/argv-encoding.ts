import { lstat } from 'node:fs/promises';

const REPLACEMENT = '\uFFFD';

/**
 * Node hands arguments over as UTF-8 text: bytes of a name that are not UTF-8 (a Latin-1 folder
 * name, say) arrive as U+FFFD, so the path given to me-unify is not the one on disk — an existing
 * folder looks missing and a new output would be created under another name. Such an argument is
 * refused, unless a file of exactly that name exists (a name may really hold U+FFFD).
 * Returns the message for the first such argument, or null.
 */
export async function nonUtf8Argument(args: readonly string[]): Promise<string | null> {
  for (const arg of args) {
    if (!arg.includes(REPLACEMENT)) continue;
    const value = arg.startsWith('-') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    if (!value.includes(REPLACEMENT)) continue;
    const exists = await lstat(value).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    return `argument '${value}' is not valid UTF-8: the system passed a name whose bytes are not UTF-8, and each such byte reached me-unify as U+FFFD (shown as ${REPLACEMENT}), so the file or folder cannot be named exactly; rename it to a UTF-8 name (e.g. with convmv) and rerun`;
  }
  return null;
}
