import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The documents cited by section (`docs/datasets.md §2.5.1`), by the stem of their file name. */
const DOC_OF: Record<string, string> = {
  datasets: 'docs/datasets.md',
  'datasets-more': 'docs/datasets-more.md',
  dependencies: 'docs/dependencies.md',
};

async function projectFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await projectFiles(rel)));
    else if (/\.(ts|js|json|md|csv)$/.test(e.name)) out.push(rel);
  }
  return out;
}

/** Section numbers of a Markdown file: `## 2.`, `### 2.5`, `#### 2.5.1` → 2, 2.5, 2.5.1. */
function sections(markdown: string): Set<string> {
  const found = new Set<string>();
  for (const m of markdown.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)) if (m[1]) found.add(m[1]);
  return found;
}

describe('citations of the project docs', () => {
  it('every `<doc>.md §N` cited in src, test, data, bench and the README exists in docs/', async () => {
    const files = [
      ...(await projectFiles('src')),
      ...(await projectFiles('test')),
      ...(await projectFiles('data')),
      ...(await projectFiles('bench')),
      'README.md',
      'ARCHITECTURE.md',
    ];
    const known = new Map<string, Set<string>>();
    for (const doc of new Set(Object.values(DOC_OF)))
      known.set(doc, sections(await readFile(path.join(ROOT, doc), 'utf8')));
    const missing: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/([\w./-]*?)\b([a-z-]+)\.md ?§ ?(\d+(?:\.\d+)*)/g)) {
        const doc = DOC_OF[m[2] ?? ''];
        const section = (m[3] ?? '').replace(/\.$/, '');
        // a citation names the file in the repository, so a reader can follow it
        if (doc && !(m[1] ?? '').endsWith('docs/')) missing.push(`${file}: ${m[0]} (write docs/${m[2]}.md)`);
        else if (doc && !known.get(doc)?.has(section)) missing.push(`${file}: ${m[0]}`);
        // `docs/datasets.md §1.5, §7.1`: the sections listed after the first
        const rest = text.slice((m.index ?? 0) + m[0].length).match(/^(?:,? ?(?:and )?§ ?\d+(?:\.\d+)*)+/);
        for (const more of rest?.[0].matchAll(/§ ?(\d+(?:\.\d+)*)/g) ?? [])
          if (doc && !known.get(doc)?.has((more[1] ?? '').replace(/\.$/, '')))
            missing.push(`${file}: ${m[0]}${rest?.[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('no project file cites a document outside the repository', async () => {
    const files = [
      ...(await projectFiles('src')),
      ...(await projectFiles('docs')),
      'README.md',
      'ARCHITECTURE.md',
    ];
    const outside: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(ROOT, file), 'utf8');
      if (/\.\.\/shared|\/work\/shared|shared\/reference/.test(text)) outside.push(file);
    }
    expect(outside).toEqual([]);
  });
});
