/** Where the CLI prints: results to stdout, progress and problems to stderr. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  isTTY: boolean;
}

export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  isTTY: Boolean(process.stderr.isTTY),
};
