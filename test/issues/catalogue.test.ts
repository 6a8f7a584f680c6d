import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeCasme2 } from '../../fixtures/casme2.js';
import { scan } from '../../src/convert/scan.js';
import { ISSUE_CATALOGUE, ISSUE_CODES, RENAMED_CODES } from '../../src/issues/catalogue.js';
import { renderIssueCodesDoc } from '../../src/issues/catalogue-doc.js';
import { IssueLog } from '../../src/issues/issues.js';
import type { Report } from '../../src/schema/issue.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const DOC = fileURLToPath(new URL('../../docs/issue-codes.md', import.meta.url));
const CATALOGUE = path.join(SRC, 'issues', 'catalogue.ts');

/** Dotted literals under a code namespace that are not issue codes: file names and field paths. */
const FILE_NAME = /\.(json|jsonl|csv|parquet)$/;
const NOT_CODES = new Set(['frames.folder', 'frames.file', 'video.path']);

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(file)));
    else if (entry.name.endsWith('.ts') && file !== CATALOGUE) out.push(file);
  }
  return out;
}

/** Every quoted `namespace.name` literal in src/ (outside the catalogue) whose namespace is a code namespace. */
async function codesUsedInSource(): Promise<Map<string, string>> {
  const namespaces = new Set(ISSUE_CODES.map((c) => c.split('.')[0]));
  const used = new Map<string, string>();
  for (const file of await sourceFiles(SRC)) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/['`]([a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z0-9]+(?:-[a-z0-9]+)*)['`]/g)) {
      const code = `${m[1]}.${m[2]}`;
      if (!namespaces.has(m[1]) || FILE_NAME.test(code) || NOT_CODES.has(code)) continue;
      if (!used.has(code)) used.set(code, path.relative(SRC, file));
    }
  }
  return used;
}

describe('issue catalogue', () => {
  it('lists every code used in src/, and no code that src/ never uses', async () => {
    const used = await codesUsedInSource();
    const unknown = [...used].filter(([code]) => !Object.hasOwn(ISSUE_CATALOGUE, code));
    expect(unknown, 'codes used in src/ but missing from src/issues/catalogue.ts').toEqual([]);
    const dead = ISSUE_CODES.filter((code) => !used.has(code));
    expect(dead, 'codes in the catalogue that nothing in src/ emits').toEqual([]);
  });

  it('no longer uses a renamed spelling anywhere in src/', async () => {
    const old = Object.keys(RENAMED_CODES);
    const found: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      const text = await readFile(file, 'utf8');
      for (const code of old)
        if (text.includes(`'${code}'`)) found.push(`${path.relative(SRC, file)}: ${code}`);
    }
    expect(found).toEqual([]);
    for (const code of old) expect(Object.hasOwn(ISSUE_CATALOGUE, code), code).toBe(false);
  });

  it('gives every code a severity and a one-line meaning', () => {
    for (const code of ISSUE_CODES) {
      const entry = ISSUE_CATALOGUE[code];
      expect(entry.severities.length, code).toBeGreaterThan(0);
      expect(entry.meaning, code).toMatch(/^[A-Za-z`-].*\.$/);
      expect(entry.meaning, code).not.toContain('\n');
    }
  });

  it('docs/issue-codes.md is up to date (run `npm run schema` after changing the catalogue)', async () => {
    expect(await readFile(DOC, 'utf8')).toBe(renderIssueCodesDoc());
  });

  it('documents every code and every rename in docs/issue-codes.md', () => {
    const doc = renderIssueCodesDoc();
    for (const code of ISSUE_CODES) expect(doc).toContain(`| \`${code}\` |`);
    for (const [from, to] of Object.entries(RENAMED_CODES))
      expect(doc).toContain(`| \`${from}\` | \`${to}\` |`);
  });

  it('refuses at compile time a code outside the catalogue or at a severity it does not have', () => {
    const issues = new IssueLog();
    // @ts-expect-error a misspelt code does not compile
    issues.warn('frames.mising', 'typo');
    // @ts-expect-error frames.missing is an error, never a warning
    issues.warn('frames.missing', 'wrong severity');
    issues.warn('apex.not-annotated', 'a code raised at two severities');
    issues.info('apex.not-annotated', 'a code raised at two severities');
    expect(issues.issues.map((i) => i.code)).toEqual([
      'frames.mising',
      'frames.missing',
      'apex.not-annotated',
      'apex.not-annotated',
    ]);
  });
});

describe('issue dataset field', () => {
  it('names the dataset on the issues raised while scanning it (one code for every dataset)', async () => {
    const dir = await tempDir();
    const { root } = await makeCasme2({ root: path.join(dir, 'CASME2') });
    const issues = new IssueLog();
    issues.info('label.unchecked', 'raised before the scan: not about this dataset');
    await scan(root, {}, issues);
    const [before, ...during] = issues.issues;
    expect(before?.dataset).toBeNull();
    expect(during.find((i) => i.code === 'sheet.version')).toMatchObject({ dataset: 'casme2' });
    expect(during.find((i) => i.code === 'sheet.unlisted-folder')).toMatchObject({ dataset: 'casme2' });
    expect(during.every((i) => i.dataset === 'casme2')).toBe(true);
  });

  it('names the dataset in report.json on issues raised after the scan too (a clip failing in convert)', async () => {
    const dir = await tempDir();
    const { root } = await makeCasme2({ root: path.join(dir, 'CASME2') });
    const boxes = path.join(dir, 'boxes.csv');
    await writeFile(boxes, 'id,x,y,w,h\nnot-a-sample,0,0,10,10\n');
    const out = path.join(dir, 'out');
    await runCli(['convert', root, '-o', out, '--frames', 'process', '--crop', boxes, '--on-error', 'skip']);
    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
    const missing = report.issues.filter((i) => i.code === 'crop.box-missing');
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((i) => i.dataset === 'casme2')).toBe(true);
  });
});

describe("each adapter's FORMAT.md code table", () => {
  const ADAPTERS_DIR = path.join(SRC, 'adapters');

  it('is the one the catalogue generates (run `npm run schema` after changing the catalogue)', async () => {
    const { ADAPTERS } = await import('../../src/adapters/registry.js');
    const { renderAdapterCodes } = await import('../../src/issues/catalogue-doc.js');
    for (const { id } of ADAPTERS) {
      const text = await readFile(path.join(ADAPTERS_DIR, id, 'FORMAT.md'), 'utf8');
      expect(text, `src/adapters/${id}/FORMAT.md`).toContain(renderAdapterCodes(id));
    }
  });

  it("lists every code an adapter's own folder raises under that adapter", async () => {
    const { ADAPTERS } = await import('../../src/adapters/registry.js');
    const missing: string[] = [];
    for (const { id } of ADAPTERS) {
      for (const file of await sourceFiles(path.join(ADAPTERS_DIR, id))) {
        const text = await readFile(file, 'utf8');
        for (const m of text.matchAll(/\.(?:error|warn|info)\(\s*'([a-z0-9-]+\.[a-z0-9-]+)'/g)) {
          const code = m[1] as keyof typeof ISSUE_CATALOGUE;
          const datasets = (ISSUE_CATALOGUE[code]?.datasets ?? []) as readonly string[];
          if (!datasets.includes(id))
            missing.push(`${code} (raised in ${path.relative(SRC, file)}) lacks '${id}'`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
