import type { Io } from './io.js';

/** How far a long command has got: `done` of `total` units (clips, samples), `frames` seen so far. */
export interface Progress {
  done: number;
  total: number;
  frames: number;
}

export interface ProgressPrinterOptions {
  /** What `done`/`total` count, as printed ("clips", "samples"). */
  unit?: string;
  /** Where the terminal line is drawn (raw, no newline added); stderr unless a test captures it. */
  write?: (text: string) => void;
}

/** One rewritten line on a terminal; a line every 10 % otherwise (CI logs stay short). */
export function progressPrinter(
  io: Io,
  label: string,
  options: ProgressPrinterOptions = {},
): { update(p: Progress): void; end(): void } {
  const unit = options.unit ?? 'clips';
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const start = Date.now();
  let lastDecile = -1;
  let drawn = false;
  let lastDraw = 0;
  return {
    update(p) {
      const secs = (Date.now() - start) / 1000;
      const fps = secs > 0 ? Math.round(p.frames / secs) : 0;
      const eta = p.done > 0 ? Math.round((secs / p.done) * (p.total - p.done)) : 0;
      const text = `${label}: ${p.done}/${p.total} ${unit}, ${p.frames} frames, ${fps} frames/s, ETA ${eta}s`;
      if (io.isTTY) {
        // redrawn at most 10 times a second (and on the last one): thousands of updates stay cheap
        const now = Date.now();
        if (now - lastDraw < 100 && p.done < p.total) return;
        lastDraw = now;
        const width = 20;
        const filled = Math.round((p.done / Math.max(1, p.total)) * width);
        write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\u001b[K`);
        drawn = true;
        return;
      }
      const decile = Math.floor((p.done / Math.max(1, p.total)) * 10);
      if (decile !== lastDecile && p.total >= 20) {
        lastDecile = decile;
        io.err(text);
      }
    },
    end() {
      if (drawn) write('\n');
    },
  };
}
