import { copyFile, open } from 'node:fs/promises';
import path from 'node:path';
import { MeUnifyError } from '../issues/errors.js';
import { asSystemError } from '../issues/system-error.js';
import { imageProblem } from '../validate/image-check.js';
import { openImage, SHARP_INPUT } from './image.js';

/** The uniform name of frame `index` in a copied clip: `000000.jpg`, `000001.jpg`, … */
export function frameName(index: number, ext: string): string {
  return `${String(index).padStart(6, '0')}${ext}`;
}

/**
 * Copies a clip's frames into `dir` under uniform names, each checked first as validate checks it.
 * Files sharp reads are copied byte for byte; others (BMP) are decoded and written as lossless PNG
 * so every later tool can read them.
 */
export async function copyFrames(frames: readonly string[], dir: string): Promise<string[]> {
  const names: string[] = [];
  for (const [i, src] of frames.entries()) {
    const keep = SHARP_INPUT.test(src);
    const ext = keep
      ? path.extname(src).toLowerCase().replace('.jpeg', '.jpg').replace('.tiff', '.tif')
      : '.png';
    const name = frameName(i, ext);
    const dest = path.join(dir, name);
    // the same check validate makes: a zero-byte, cut-off or mislabelled frame is never copied
    // in silently (the sample is then handled by --on-error)
    const problem = await imageProblem(src).catch((err: unknown) =>
      err instanceof MeUnifyError ? err.message.slice(src.length + 2) : null,
    );
    if (problem) throw new MeUnifyError(`${src}: frame ${problem}`, { file: src });
    try {
      if (keep) await copyFile(src, dest);
      else await (await openImage(src)).png().toFile(dest);
    } catch (err) {
      if (err instanceof MeUnifyError) throw err;
      // the frame reads fine: writing the copy failed, which is the output's failure, not the frame's
      if (asSystemError(err) && (await readable(src))) throw err;
      throw new MeUnifyError(`${src}: cannot copy this frame (${err instanceof Error ? err.message : err})`, {
        file: src,
        cause: err,
      });
    }
    names.push(name);
  }
  return names;
}

async function readable(file: string): Promise<boolean> {
  try {
    const handle = await open(file, 'r');
    await handle.close();
    return true;
  } catch {
    return false;
  }
}
