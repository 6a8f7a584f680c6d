import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IssueCodeAt } from '../issues/catalogue.js';
import type { IssueLog } from '../issues/issues.js';
import { isInside } from '../sources/fs.js';
import type { Where } from './checks.js';
import { imageProblem } from './image-check.js';
import { videoProblem } from './video-check.js';

/** The folder every frame must lie in: as written (for `..`) and with symlinks resolved. */
export interface FrameRoot {
  /** The manifest's folder: frame paths are relative to it. */
  base: string;
  root: string;
  realRoot: string;
}

function errnoOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : undefined;
}

const WHY: Record<string, string> = {
  ELOOP: 'is a symlink loop (links that point at each other); expected an image file',
  EACCES: 'cannot be read: permission denied',
  EPERM: 'cannot be read: permission denied',
  ENOENT: 'does not exist',
  ENOTDIR: 'does not exist (a part of its path is a file, not a folder)',
};

function codeFor(errno: string | undefined): IssueCodeAt<'error'> {
  if (errno === 'ELOOP') return 'frames.symlink-loop';
  if (errno === 'EACCES' || errno === 'EPERM') return 'frames.unreadable';
  return 'frames.missing';
}

/** Where a frame path may not go: absolute, or out of the dataset folder with `..`. */
function pathProblem(frame: string, at: FrameRoot): string | null {
  if (path.isAbsolute(frame) || /^[A-Za-z]:[\\/]/.test(frame))
    return `frame path '${frame}' is absolute; expected a path relative to the manifest`;
  if (!isInside(at.root, path.resolve(at.base, frame)))
    return `frame path '${frame}' leaves the dataset folder ${path.relative(at.base, at.root) || '.'}; expected frames inside it`;
  return null;
}

/**
 * One frame: a safe path, a real file inside the dataset folder (symlinks resolved), a readable
 * image (unless `images` is false: then only where the file is and what kind of entry it is).
 */
export async function checkFrame(
  frame: string,
  at: FrameRoot,
  issues: IssueLog,
  where: Where,
  images = true,
): Promise<void> {
  const unsafe = pathProblem(frame, at);
  if (unsafe) {
    issues.error(path.isAbsolute(frame) ? 'frames.absolute' : 'frames.outside', unsafe, where);
    return;
  }
  const abs = path.resolve(at.base, frame);
  let real: string;
  try {
    real = await realpath(abs);
  } catch (err) {
    const errno = errnoOf(err);
    issues.error(
      codeFor(errno),
      `frame '${frame}' ${WHY[errno ?? ''] ?? `cannot be opened (${errno})`}`,
      where,
    );
    return;
  }
  if (!isInside(at.realRoot, real)) {
    issues.error(
      'frames.outside',
      `frame '${frame}' is a symlink to ${real}, outside the dataset folder; expected frames inside it`,
      where,
    );
    return;
  }
  if (!(await stat(real)).isFile()) {
    issues.error('frames.not-file', `frame '${frame}' is not a file`, where);
    return;
  }
  if (!images) return;
  try {
    const problem = await imageProblem(real);
    if (problem) issues.error('frames.bad-image', `frame '${frame}' ${problem}`, where);
  } catch (err) {
    const errno = errnoOf(err);
    issues.error(
      codeFor(errno),
      `frame '${frame}' ${WHY[errno ?? ''] ?? `cannot be read (${errno})`}`,
      where,
    );
  }
}

/**
 * A sample whose pixels live in a video (no frame files): the video must be a regular file inside
 * the dataset folder (symlinks resolved) that starts like a video container. Where the adapter
 * wrote pseudonyms into the path in place of personal names (MMME, dataset.json
 * `paths_pseudonymised`), the path cannot resolve as written: a warning, not an error.
 */
export async function checkVideo(
  video: string,
  at: FrameRoot,
  pseudonymised: boolean,
  issues: IssueLog,
  where: Where,
): Promise<void> {
  const unsafe = pathProblem(video, at);
  if (unsafe) {
    issues.error(
      path.isAbsolute(video) ? 'frames.absolute' : 'frames.outside',
      unsafe.replace(/^frame/, 'video'),
      where,
    );
    return;
  }
  let real: string;
  try {
    real = await realpath(path.resolve(at.base, video));
  } catch (err) {
    if (pseudonymised && errnoOf(err) === 'ENOENT')
      issues.warn(
        'video.pseudonymised',
        `video '${video}' holds a pseudonym in place of the participant's name, so it does not resolve as written; map it back with the --subject-map file`,
        where,
      );
    else if (errnoOf(err) === 'ENOENT' || errnoOf(err) === 'ENOTDIR')
      issues.error(
        'video.missing',
        `video '${video}' does not exist; expected the sample's video there`,
        where,
      );
    else
      issues.error(
        codeFor(errnoOf(err)),
        `video '${video}' ${WHY[errnoOf(err) ?? ''] ?? `cannot be opened (${errnoOf(err)})`}`,
        where,
      );
    return;
  }
  if (!isInside(at.realRoot, real)) {
    issues.error(
      'frames.outside',
      `video '${video}' is a symlink to ${real}, outside the dataset folder; expected the video inside it`,
      where,
    );
    return;
  }
  if (!(await stat(real)).isFile()) {
    issues.error(
      'video.not-file',
      `video '${video}' is not a regular file (a folder, FIFO or device)`,
      where,
    );
    return;
  }
  try {
    const bad = await videoProblem(real);
    if (bad?.unknown) issues.warn('video.unknown-container', `video '${video}' ${bad.problem}`, where);
    else if (bad) issues.error('video.bad-file', `video '${video}' ${bad.problem}`, where);
  } catch (err) {
    const errno = errnoOf(err);
    issues.error(
      codeFor(errno),
      `video '${video}' ${WHY[errno ?? ''] ?? `cannot be read (${errno})`}`,
      where,
    );
  }
}
