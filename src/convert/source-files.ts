import { lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type { SourceSample } from '../adapters/adapter.js';
import type { IssueCodeAt } from '../issues/catalogue.js';
import type { IssueLog } from '../issues/issues.js';
import { isInside, relativePosix } from '../sources/fs.js';
import { fileKind } from '../sources/regular-file.js';

/**
 * Why one of a sample's files may not be read, or null. validate's containment rule applied while
 * scanning, for every adapter: each frame (and video), symlinks resolved, must be a regular file
 * inside the source folder. A frame linked to /etc/passwd, a clip folder linked elsewhere, or a
 * FIFO (whose open would block forever) is never read.
 */
async function fileProblem(
  file: string,
  realRoot: string,
  root: string,
  realDirs: Map<string, Promise<string>>,
): Promise<{ code: IssueCodeAt<'error'>; message: string } | null> {
  const rel = relativePosix(root, file);
  const dir = path.dirname(file);
  let realDir = realDirs.get(dir);
  if (!realDir) {
    realDir = realpath(dir);
    realDirs.set(dir, realDir);
  }
  try {
    const st = await lstat(file);
    const real = st.isSymbolicLink() ? await realpath(file) : path.join(await realDir, path.basename(file));
    if (!isInside(realRoot, real))
      return {
        code: 'frames.outside',
        message: `'${rel}' ${st.isSymbolicLink() ? 'is a symlink' : 'lies in a folder linked'} to ${real}, outside the source folder ${root}; expected the dataset's files inside it`,
      };
    const target = st.isSymbolicLink() ? await stat(real) : st;
    if (!target.isFile())
      return {
        code: 'frames.not-file',
        message: `'${rel}' is ${fileKind(target)}; expected an image or video file`,
      };
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    return { code: 'frames.unreadable', message: `'${rel}' cannot be opened (${code})` };
  }
  return null;
}

/**
 * Drops (reporting each as an error for `--on-error`) the samples with a frame or video that is not
 * a regular file inside `root`. Returns the samples kept.
 */
export async function keepContainedSamples(
  root: string,
  samples: readonly SourceSample[],
  issues: IssueLog,
): Promise<SourceSample[]> {
  const realRoot = await realpath(root);
  const realDirs = new Map<string, Promise<string>>();
  const limit = pLimit(32);
  const checked = await Promise.all(
    samples.map(async (s) => {
      const files = s.video ? [...s.frames, s.video.path] : s.frames;
      for (const file of files) {
        const problem = await limit(() => fileProblem(file, realRoot, root, realDirs));
        if (problem) {
          issues.error(problem.code, problem.message, { sample: s.id, file: relativePosix(root, file) });
          return null;
        }
      }
      return s;
    }),
  );
  return checked.filter((s): s is SourceSample => s !== null);
}
