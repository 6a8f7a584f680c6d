// Writes each adapter's issue-code table into its FORMAT.md (run by `npm run schema`, after the
// build): the tables come from the catalogue, and test/issues/catalogue.test.ts fails when stale.
import { readFile, writeFile } from 'node:fs/promises';
import { ADAPTERS } from '../dist/src/adapters/registry.js';
import { renderAdapterCodes, withAdapterCodes } from '../dist/src/issues/catalogue-doc.js';

for (const { id } of ADAPTERS) {
  const file = new URL(`../src/adapters/${id}/FORMAT.md`, import.meta.url);
  const text = await readFile(file, 'utf8');
  const next = withAdapterCodes(text, renderAdapterCodes(id));
  if (next !== text) await writeFile(file, next);
}
