import type { Io } from './io.js';

/** C0 controls but the line break, DEL and C1 controls (ESC starts the terminal's command sequences). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Text safe to print on a terminal: control characters from sheet cells, file names or manifests
 * (`ESC [2J` clears the screen) are shown as `\xNN` instead of being obeyed. Line breaks stay.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `io` with every printed line passed through `printable`: the one print boundary of the CLI. */
export function escapedIo(io: Io): Io {
  return { out: (line) => io.out(printable(line)), err: (line) => io.err(printable(line)), isTTY: io.isTTY };
}
