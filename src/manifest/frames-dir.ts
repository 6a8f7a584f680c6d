import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { FRAME_EXTENSIONS, frameGaps, listFrames, undecodableMessage } from '../sources/frames.js';
import { isDir, relativePosix } from '../sources/fs.js';

/** What a directory entry is when it is not a file or a symlink (a symlink is resolved and checked by validate). */
function kindOf(e: import('node:fs').Dirent): string {
  if (e.isDirectory()) return 'a folder';
  if (e.isFIFO()) return 'a FIFO (named pipe)';
  if (e.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * The frames of a CSV manifest's `frames_dir` folder (paths relative to the CSV's folder, ordered by
 * frame number), or why the folder cannot stand for its frames. onset/apex/offset are indices into
 * this list, so an entry dropped from it would silently shift them onto other frames: a missing
 * frame number, an image-named entry that is not a file, and a name that is not UTF-8 are each
 * refused, naming the entry (a real gap, such as dropped frames, is listed in `frames` instead).
 */
export async function expandFramesDir(dir: string, base: string): Promise<string[] | string> {
  const abs = path.resolve(base, dir);
  if (!(await isDir(abs))) return `frames_dir '${dir}' is not a folder`;
  const odd = (await readdir(abs, { withFileTypes: true })).filter(
    (e) => FRAME_EXTENSIONS.test(e.name) && !e.isFile() && !e.isSymbolicLink(),
  );
  if (odd[0])
    return `frames_dir '${dir}': '${odd[0].name}' is ${kindOf(odd[0])}, not an image file; expected only frame files under image names`;
  const listing = await listFrames(abs);
  if (listing.undecodable.length > 0) return `frames_dir ${undecodableMessage(dir, listing.undecodable)}`;
  if (listing.duplicates.length > 0) {
    const d = listing.duplicates[0];
    return `frames_dir '${dir}': frame number ${d?.number} is written by several files (${d?.names.join(', ')}); expected one file per frame`;
  }
  if (listing.frames.length === 0) return `frames_dir '${dir}' holds no numbered image files`;
  const gaps = frameGaps(listing.frames);
  if (gaps.length > 0)
    return `frames_dir '${dir}': frame number${gaps.length > 1 ? 's' : ''} ${gaps.slice(0, 5).join(', ')}${gaps.length > 5 ? ', …' : ''} missing between ${listing.frames[0]?.name} and ${listing.frames.at(-1)?.name}; onset/apex/offset count the frames present, so they would point at other frames. Restore the frame, or list the frames in the frames column if the gap is real`;
  // frame paths stay relative to the CSV, as a hand-written list would be (the folder may be a symlink: validate resolves it)
  return listing.frames.map((f) => relativePosix(base, path.join(abs, f.name)));
}
