import { copyFile, link, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { clipHash, type PathGuard, writeClip } from '../convert/clip-store.js';
import { sourceStamps } from '../convert/source-stamps.js';
import { MeUnifyError } from '../issues/errors.js';
import type { Sample } from '../schema/sample.js';
import { isInside } from '../sources/fs.js';
import { idSegmentProblem } from '../validate/checks.js';

/**
 * One composite sample's frames into `framesDir/<id>/000000.ext`, hard-linked (else copied) from
 * its input. The writer's own guards hold whatever the checks before it said (a file can be
 * swapped after validation): the clip folder stays inside `framesDir`, and only regular files
 * inside the input's real frames root are linked, by their resolved path (a hard link to a symlink
 * would carry the link, not the frame). `frames` are relative to `outDir`.
 */
export async function copySampleFrames(
  s: Sample,
  realRoot: string | undefined,
  framesDir: string,
  outDir: string,
  /** The output's own guard (`OutputDir.contain`), passed to the clip writer. */
  guard: PathGuard,
): Promise<Sample> {
  const unsafe = idSegmentProblem(s.id);
  const dir = path.join(framesDir, ...s.id.split('/'));
  if (unsafe || !realRoot || dir === framesDir || !isInside(framesDir, dir))
    throw new MeUnifyError(
      `${unsafe ?? `sample ${s.id} has no input folder`}; refusing to write outside ${framesDir}`,
    );
  const sources = await Promise.all(s.frames.map((f) => containedFile(path.resolve(outDir, f), realRoot)));
  const hash = clipHash({ sources, stamps: await sourceStamps(sources) });
  const { names } = await writeClip(
    dir,
    hash,
    async (tmp) => {
      const written: string[] = [];
      for (const [i, from] of sources.entries()) {
        const name = `${String(i).padStart(6, '0')}${path.extname(from).toLowerCase()}`;
        const to = path.join(tmp, name);
        await link(from, to).catch(async () => {
          try {
            await copyFile(from, to);
          } catch (err) {
            throw new MeUnifyError(
              `${from}: could not link or copy this frame of ${s.id} (${err instanceof Error ? err.message : err})`,
              {
                file: from,
                cause: err,
              },
            );
          }
        });
        written.push(name);
      }
      return written;
    },
    guard,
  );
  return { ...s, frames: names.map((n) => ['frames', ...s.id.split('/'), n].join('/')) };
}

/** `file` with symlinks resolved, once it is a regular file inside `realRoot`; else an error naming it. */
async function containedFile(file: string, realRoot: string): Promise<string> {
  const real = await realpath(file).catch((err: unknown) => {
    throw new MeUnifyError(`${file}: cannot open this frame (${err instanceof Error ? err.message : err})`, {
      file,
      cause: err,
    });
  });
  if (!isInside(realRoot, real))
    throw new MeUnifyError(
      `${file} resolves to ${real}, outside its input's frames folder ${realRoot}; combine links or copies only files inside it`,
      { file },
    );
  if (!(await stat(real)).isFile())
    throw new MeUnifyError(`${file}: not a regular file; combine links or copies only frame files`, { file });
  return real;
}
