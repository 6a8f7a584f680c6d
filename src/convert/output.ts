import { access, constants, mkdir, readdir, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MeUnifyError, usageError } from '../issues/errors.js';
import { isDir, isInside } from '../sources/fs.js';
import { realResolve } from '../sources/real-path.js';
import { OutputError, outputFailure } from './output-failure.js';
import { acquireLock, type OutputLock } from './output-lock.js';

/**
 * An output folder that changes all at once: work happens in a hidden sibling (`.<name>.partial`),
 * which a killed run leaves behind to resume from; `commit()` swaps it in with renames, so the
 * folder holds either the previous complete result or the new one, never a mix. A lock file
 * (`.<name>.lock`) keeps a second run out while this one works.
 */
export class OutputDir {
  readonly final: string;
  readonly staging: string;
  readonly lockFile: string;
  private readonly old: string;
  private realStaging: string | null = null;
  private lock: OutputLock | null = null;

  constructor(out: string) {
    this.final = path.resolve(out);
    const parent = path.dirname(this.final);
    const name = path.basename(this.final);
    this.staging = path.join(parent, `.${name}.partial`);
    this.old = path.join(parent, `.${name}.old`);
    this.lockFile = path.join(parent, `.${name}.lock`);
  }

  /**
   * Checks the target, takes the lock and readies the staging folder (kept from a killed run, so
   * it resumes). `tookOver` names the dead run whose lock was taken over (`pid 123`), if any.
   */
  async prepare(
    sourceRoot: string,
    overwrite: boolean,
  ): Promise<{ resumed: boolean; tookOver: string | null }> {
    const existing = await stat(this.final).catch(() => null);
    if (existing && !existing.isDirectory())
      throw usageError(
        `output ${this.final} is a file, not a folder; name a folder for the output (it is never replaced by one, even with --overwrite)`,
        this.final,
      );
    await this.checkApartFrom(sourceRoot);
    try {
      await mkdir(path.dirname(this.final), { recursive: true });
      this.lock = await acquireLock(this.lockFile, this.final);
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
      if (!resumed) await mkdir(this.staging);
      this.realStaging = await realpath(this.staging);
      return { resumed, tookOver: this.lock.tookOver };
    } catch (err) {
      await this.release();
      if (err instanceof MeUnifyError) throw err;
      throw (await this.failure(err, 'preparing it')) ?? err;
    }
  }

  /** Refuses an output inside the source or holding it, by real paths (a symlink does not hide it). */
  private async checkApartFrom(sourceRoot: string): Promise<void> {
    const [out, source] = await Promise.all([realResolve(this.final), realResolve(sourceRoot)]);
    const via = (real: string, given: string) => (real === given ? '' : ` (really ${real})`);
    if (isInside(source, out))
      throw usageError(
        `output ${this.final}${via(out, this.final)} is inside the source folder ${sourceRoot}; me-unify never writes into a source tree`,
        this.final,
      );
    if (isInside(out, source))
      throw usageError(
        `output ${this.final}${via(out, this.final)} contains the source folder ${sourceRoot}; choose an output folder elsewhere`,
        this.final,
      );
  }

  /**
   * The one guard every write, rename and delete under the output passes: `p` is resolved through
   * the symlinks that exist and refused unless it lies inside the staging folder, whatever the
   * caller computed it from (a sample id, a config value, a manifest).
   */
  async contain(p: string): Promise<string> {
    if (!this.realStaging) throw new Error(`${this.final}: the output folder was not prepared`);
    const real = await realResolve(p);
    if (real === this.realStaging || !isInside(this.realStaging, real))
      throw new OutputError(
        `refusing to write ${p}: it lies outside the output's staging folder ${this.staging}; me-unify writes only inside its output folder ${this.final}`,
        { file: this.final },
      );
    return p;
  }

  /** Writes a file inside the staging folder atomically (temporary name, then rename). */
  async writeFile(rel: string, data: string | Uint8Array): Promise<void> {
    const target = await this.contain(path.join(this.staging, rel));
    try {
      await mkdir(path.dirname(target), { recursive: true });
      const tmp = `${target}.tmp-${process.pid}`;
      await writeFile(tmp, data);
      await rename(tmp, target);
    } catch (err) {
      throw (await this.failure(err, `writing ${rel}`)) ?? err;
    }
  }

  async commit(): Promise<void> {
    try {
      if (await exists(this.final)) {
        if (await isEmptyDir(this.final)) await rm(this.final, { recursive: true });
        else await rename(this.final, this.old);
      }
      await rename(this.staging, this.final);
      await rm(this.old, { recursive: true, force: true });
    } catch (err) {
      // the previous result was moved aside but the new one could not take its place: put it back
      if (!(await exists(this.final)) && (await isDir(this.old)))
        await rename(this.old, this.final).catch(() => {});
      throw (await this.failure(err, 'swapping the new result in')) ?? err;
    } finally {
      await this.release();
    }
  }

  /** Drops the staging folder (a dry run, or a run that must not leave anything behind). */
  async discard(): Promise<void> {
    await rm(this.staging, { recursive: true, force: true });
    await this.release();
  }

  /** Lets other runs in; the staging folder stays for a rerun to resume from. */
  async release(): Promise<void> {
    await this.lock?.release();
    this.lock = null;
  }

  /** `err` worded as a failure of the output folder; a vague ENOENT on a read-only disk told as such. */
  async failure(err: unknown, doing: string): Promise<OutputError | null> {
    // mkdir -p on a read-only file system says ENOENT; the parent's writability tells the truth
    const code = (err as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') {
      const why = await access(await nearestExisting(path.dirname(this.final)), constants.W_OK).then(
        () => null,
        (e: unknown) => e,
      );
      if (why) return outputFailure(this, why, doing);
    }
    return outputFailure(this, err, doing);
  }
}

/** `p` or its nearest ancestor that exists: where a folder would have to be created. */
async function nearestExisting(p: string): Promise<string> {
  let dir = p;
  while (!(await exists(dir)) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
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
