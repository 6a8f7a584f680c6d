import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MeUnifyError, usageError } from '../issues/errors.js';
import { packagePath } from '../package-root.js';
import { jsonNamesIn } from '../sources/json-names.js';
import { type ErrataList, ErrataListSchema } from './schema.js';

/** Built-in lists live in data/errata/ at the package root (found by packagePath). */
export const ERRATA_DIR = packagePath('data', 'errata');

export interface LoadedErrata {
  list: ErrataList;
  sha256: string;
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function builtinErrataNames(): Promise<string[]> {
  return jsonNamesIn(ERRATA_DIR);
}

/** A built-in errata list by name (`samm-apex-typos`), or a user's JSON file (`--errata mine.json`). */
export async function loadErrata(nameOrFile: string): Promise<LoadedErrata> {
  const builtin = path.join(ERRATA_DIR, `${nameOrFile}.json`);
  const isBuiltin = /^[A-Za-z0-9_.-]+$/.test(nameOrFile) && (await isFile(builtin));
  const file = isBuiltin ? builtin : path.resolve(nameOrFile);
  if (!isBuiltin && !(await isFile(file))) {
    throw usageError(
      `--errata '${nameOrFile}': no such list; expected one of ${(await builtinErrataNames()).join(', ')} or a JSON file`,
    );
  }
  const bytes = await readFile(file);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new MeUnifyError(`${file}: not valid JSON (${err instanceof Error ? err.message : err})`, { file });
  }
  const parsed = ErrataListSchema.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new MeUnifyError(
      `${file}: not a valid errata list: ${why}. Expected {"name", "errata": [{"dataset", "clip", "field", "expected", "value", "sheets", "citation"}]}`,
      { file },
    );
  }
  return { list: parsed.data, sha256: createHash('sha256').update(bytes).digest('hex') };
}
