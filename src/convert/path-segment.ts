/**
 * Why `segment` cannot be one folder name of an output path, or null when it can. Sample ids,
 * subjects and clips become folders under `frames/`; a `..`, a separator, a NUL or an absolute
 * path there would lead the writer out of the output folder.
 */
export function segmentProblem(segment: string): string | null {
  if (segment === '') return 'an empty name';
  if (segment === '.' || segment === '..') return `'${segment}'`;
  if (segment.includes('\0')) return 'a NUL character';
  if (segment.includes('/') || segment.includes('\\')) return 'a path separator (/ or \\)';
  return null;
}

/** Why the `/`-separated `id` cannot become folders under the output, or null when it can. */
export function idPathProblem(id: string): string | null {
  if (id.startsWith('/') || /^[A-Za-z]:/.test(id)) return 'an absolute path';
  for (const part of id.split('/')) {
    const problem = segmentProblem(part);
    if (problem) return `a part holding ${problem} ('${part}')`;
  }
  return null;
}
