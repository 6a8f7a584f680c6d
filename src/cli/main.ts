import { Command, CommanderError } from 'commander';
import { ExitCode, MeUnifyError, usageError } from '../issues/errors.js';
import { describeSystemError } from '../issues/system-error.js';
import { TOOL_VERSION } from '../version.js';
import { nonUtf8Argument } from './argv-encoding.js';
import { ignoreClosedPipes } from './closed-pipe.js';
import { registerCombine } from './commands/combine.js';
import { registerConvert } from './commands/convert.js';
import { registerDemo } from './commands/demo.js';
import { registerDetect } from './commands/detect.js';
import { registerFlow } from './commands/flow.js';
import { registerReport } from './commands/report.js';
import { registerSchema } from './commands/schema.js';
import { registerScore } from './commands/score.js';
import { registerScoreSpots } from './commands/score-spots.js';
import { registerSplits } from './commands/splits.js';
import { registerSpots } from './commands/spots.js';
import { registerStats } from './commands/stats.js';
import { registerValidate } from './commands/validate.js';
import { type Io, processIo } from './io.js';
import { escapedIo } from './terminal-text.js';

export function buildProgram(io: Io): Command {
  const program = new Command('me-unify')
    .description('Convert micro-expression datasets into one validated, unified format')
    .version(TOOL_VERSION)
    .option('--debug', 'show stack traces')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // through `io`, so usage errors reach whoever runs the CLI (tests, embedding code), not only the terminal
    .configureOutput({
      writeOut: (s) => io.out(s.replace(/\n$/, '')),
      writeErr: (s) => io.err(s.replace(/\n$/, '')),
    });
  for (const register of [registerDetect, registerConvert, registerValidate, registerSchema, registerDemo])
    register(program, io);
  for (const register of [
    registerCombine,
    registerSplits,
    registerScore,
    registerStats,
    registerReport,
    registerFlow,
  ])
    register(program, io);
  for (const register of [registerSpots, registerScoreSpots]) register(program, io);
  return program;
}

/** Runs the CLI and returns the exit code (docs/design.md: 0 ok, 1 failed, 2 usage). */
export async function main(argv: readonly string[], rawIo: Io = processIo): Promise<number> {
  if (rawIo === processIo) ignoreClosedPipes();
  const io = escapedIo(rawIo);
  const program = buildProgram(io);
  process.exitCode = undefined;
  try {
    const encoding = await nonUtf8Argument(argv.slice(2));
    if (encoding) throw usageError(encoding);
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const debug = argv.includes('--debug');
    if (err instanceof MeUnifyError) {
      io.err(`me-unify: ${err.message}`);
      if (debug && err.stack) io.err(err.stack);
      return err.exitCode;
    }
    const system = describeSystemError(err);
    if (system) {
      io.err(`me-unify: ${system}`);
      if (debug && err instanceof Error && err.stack) io.err(err.stack);
      return ExitCode.failed;
    }
    io.err(
      `me-unify: unexpected failure: ${err instanceof Error ? err.message : String(err)}${debug ? '' : ' (run with --debug for details)'}`,
    );
    if (debug && err instanceof Error && err.stack) io.err(err.stack);
    return ExitCode.failed;
  }
}
