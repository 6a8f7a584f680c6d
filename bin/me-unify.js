#!/usr/bin/env node
// The CLI entry: compiled code lives in dist/ (built by `npm ci` in a clone, through `prepare`, and
// shipped in the packed tarball). A clone installed before it was built gets words, not a stack.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.error(
    `me-unify is not built: ${root} has no dist/. Run \`npm ci\` in that folder (it installs the dependencies and builds the CLI), or install the packed tarball (\`npm pack\`, then \`npm install -g me-unify-<version>.tgz\`).`,
  );
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv);
