/** Exit codes of the CLI (docs/design.md § CLI). */
export const ExitCode = { ok: 0, failed: 1, usage: 2 } as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user can act on: the message names the file and what was expected.
 * The CLI prints `message` alone (a stack only with --debug) and exits with `exitCode`.
 */
export class MeUnifyError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly file: string | null;

  constructor(
    message: string,
    options: { exitCode?: ExitCodeValue; file?: string | null; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MeUnifyError';
    this.exitCode = options.exitCode ?? ExitCode.failed;
    this.file = options.file ?? null;
  }
}

/** A usage problem: bad option, format not detected, ambiguous format (exit 2). */
export function usageError(message: string, file: string | null = null): MeUnifyError {
  return new MeUnifyError(message, { exitCode: ExitCode.usage, file });
}

export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
