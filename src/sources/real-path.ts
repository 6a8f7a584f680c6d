import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * `p` resolved through every symlink that exists: the real path of its deepest existing ancestor,
 * joined with the part that does not exist yet. Comparing these (not path text) tells whether a
 * path reached through a symlink lies inside a folder.
 */
export async function realResolve(p: string): Promise<string> {
  let existing = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(p);
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}
