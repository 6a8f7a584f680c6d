import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

/** The package version, read from package.json (found by packagePath). */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }
).version;
