import { MeUnifyError } from '../issues/errors.js';
import { asSystemError, outputMeaning, storageErrorCode } from '../issues/system-error.js';

/** A failure of the output as a whole (its disk, its guard): stops the run, never one sample's error. */
export class OutputError extends MeUnifyError {}

/**
 * A failure to write the output (full disk, read-only file system, no permission) as one message
 * naming the OUTPUT folder — never a source file or a sample — and saying what was kept.
 * Returns null when `err` is no such failure.
 */
export function outputFailure(
  out: { final: string; staging: string },
  err: unknown,
  doing: string,
): OutputError | null {
  if (err instanceof OutputError) return err; // already worded
  const code = storageErrorCode(err) ?? asSystemError(err)?.code;
  if (!code) return null;
  return new OutputError(
    `${out.final}: cannot write the output folder while ${doing}: ${outputMeaning(code)} (${code}). The output folder keeps its previous content; finished clips stay in ${out.staging} and rerunning the same command resumes from them`,
    { file: out.final, cause: err },
  );
}
