import path from 'node:path';
import type { SourceSample } from '../adapters/adapter.js';
import type { OutputDir } from './output.js';
import { OutputError } from './output-failure.js';
import { idPathProblem } from './path-segment.js';

/**
 * `frames/<id>/` in the staging folder. The id's parts become folders, so each must be a plain
 * name (no `..`, separator, NUL, absolute path); otherwise the sheet row or config that made the
 * id is named and the run stops (a path escaping the output is never a per-sample matter).
 */
export function clipDir(output: OutputDir, s: SourceSample): string {
  const problem = idPathProblem(s.id);
  if (problem) {
    const { sheet, row, directory } = s.source;
    const from = sheet ? `${sheet}${row ? `, row ${row}` : ''}` : (directory ?? 'the source');
    throw new OutputError(
      `sample id '${s.id}' (from ${from}) cannot name a folder of the output: it has ${problem}; expected plain names for the dataset, subject (with its prefix) and clip`,
      { file: output.final },
    );
  }
  return path.join(output.staging, 'frames', ...s.id.split('/'));
}
