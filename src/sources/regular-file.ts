import { constants, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { MeUnifyError } from '../issues/errors.js';

/** What a non-regular file is, in words. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Opens `file` for reading only if it is a regular file. O_NONBLOCK makes opening a FIFO return
 * at once instead of waiting forever for a writer (it changes nothing for regular files); the
 * type is then checked on the open handle, so a swap between check and open cannot slip through.
 * `what` names the file's role in the message (`manifest`, `annotation sheet`, …).
 */
export async function openRegular(file: string, what: string): Promise<FileHandle> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  let st: Stats;
  try {
    st = await handle.stat();
  } catch (err) {
    await handle.close();
    throw err;
  }
  if (!st.isFile()) {
    await handle.close();
    throw new MeUnifyError(`${file}: is ${fileKind(st)}; expected the ${what} as a regular file`, { file });
  }
  return handle;
}

/** The bytes of a regular file (see `openRegular`); `maxBytes` refuses larger files before reading. */
export async function readRegularFile(file: string, what: string, maxBytes?: number): Promise<Buffer> {
  const handle = await openRegular(file, what);
  try {
    const size = (await handle.stat()).size;
    if (maxBytes !== undefined && size > maxBytes)
      throw new MeUnifyError(
        `${file}: ${size} bytes is more than the ${maxBytes} bytes allowed for the ${what}`,
        { file },
      );
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
