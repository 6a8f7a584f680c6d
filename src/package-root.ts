import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own folder (the one holding package.json and data/), found by walking up from this
 * module: the source runs from src/, the build from dist/src/, so a fixed depth would be wrong for one.
 */
function findPackageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'data'))) {
    const up = path.dirname(dir);
    if (up === dir)
      throw new Error(`me-unify: no package.json with data/ above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = findPackageRoot();

/** A path inside the package folder, e.g. `packagePath('data', 'labels')`. */
export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}
