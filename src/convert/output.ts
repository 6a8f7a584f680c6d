import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { usageError } from '../report/errors.js';
import { isDir, isInside } from '../sources/fs.js';

/**
 * An output folder that changes all at once: work happens in a hidden sibling (`.<name>.partial`),
 * which a killed run leaves behind to resume from; `commit()` swaps it in with renames, so the
 * folder holds either the previous complete result or the new one, never a mix.
 */
export class OutputDir {
  readonly final: string;
  readonly staging: string;
  private readonly old: string;

  constructor(out: string) {
    this.final = path.resolve(out);
    const parent = path.dirname(this.final);
    const name = path.basename(this.final);
    this.staging = path.join(parent, `.${name}.partial`);
    this.old = path.join(parent, `.${name}.old`);
  }

  /** Checks the target and readies the staging folder (kept from a killed run, so it resumes). */
  async prepare(sourceRoot: string, overwrite: boolean): Promise<{ resumed: boolean }> {
    if (isInside(sourceRoot, this.final)) {
      throw usageError(
        `output ${this.final} is inside the source folder ${sourceRoot}; me-unify never writes into a source tree`,
        this.final,
      );
    }
    if (isInside(this.final, sourceRoot)) {
      throw usageError(
        `output ${this.final} contains the source folder ${sourceRoot}; choose an output folder elsewhere`,
        this.final,
      );
    }
    // A run that died between the two renames of commit() left the previous result as .old.
    if ((await isDir(this.old)) && !(await exists(this.final))) await rename(this.old, this.final);
    await rm(this.old, { recursive: true, force: true });
    if (!overwrite && (await exists(this.final)) && !(await isEmptyDir(this.final))) {
      throw usageError(
        `output folder ${this.final} is not empty; pass --overwrite to replace it`,
        this.final,
      );
    }
    const resumed = await isDir(this.staging);
    await mkdir(this.staging, { recursive: true });
    return { resumed };
  }

  /** Writes a file inside the staging folder atomically (temporary name, then rename). */
  async writeFile(rel: string, data: string | Uint8Array): Promise<void> {
    const target = path.join(this.staging, rel);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    await writeFile(tmp, data);
    await rename(tmp, target);
  }

  async commit(): Promise<void> {
    if (await exists(this.final)) {
      if (await isEmptyDir(this.final)) await rm(this.final, { recursive: true });
      else await rename(this.final, this.old);
    }
    await rename(this.staging, this.final);
    await rm(this.old, { recursive: true, force: true });
  }

  /** Drops the staging folder (a dry run, or a run that must not leave anything behind). */
  async discard(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function isEmptyDir(p: string): Promise<boolean> {
  try {
    return (await readdir(p)).length === 0;
  } catch {
    return false;
  }
}
