import { createHash } from 'node:crypto';
import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AdapterFixture, FIXTURE_GENERATORS } from '../../fixtures/registry.js';
import type { Adapter } from '../../src/adapters/adapter.js';
import { ADAPTERS } from '../../src/adapters/registry.js';
import { readManifest } from '../../src/manifest/read.js';
import type { Report } from '../../src/schema/issue.js';
import { SampleSchema } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { uncataloguedCodes } from './contract-catalogue.js';

/**
 * The contract every registered adapter must pass (issue 14 item 5). Per-adapter test files keep
 * the dataset's quirks; this file holds what is true of all of them.
 */

/** Every file under `dir` with the sha256 of its bytes: equal snapshots mean an untouched tree. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const file = path.join(e.parentPath, e.name);
    const rel = path.relative(dir, file);
    out[rel] = e.isFile()
      ? createHash('sha256')
          .update(await readFile(file))
          .digest('hex')
      : e.isDirectory()
        ? 'dir'
        : 'other';
  }
  return out;
}

const fixtures = new Map<string, AdapterFixture>();
let base: string;

beforeAll(async () => {
  base = await tempDir();
  await Promise.all(
    Object.entries(FIXTURE_GENERATORS).map(async ([id, make]) => {
      fixtures.set(id, await make(path.join(base, id)));
    }),
  );
}, 120_000);

function fixtureOf(id: string): AdapterFixture {
  const f = fixtures.get(id);
  if (!f) throw new Error(`no fixture generator registered for adapter '${id}' in fixtures/registry.ts`);
  return f;
}

describe('the adapter registry', () => {
  it('has a fixture generator for every adapter, and none for an unknown id', () => {
    const ids = ADAPTERS.map((a) => a.id);
    expect(ids.filter((id) => !FIXTURE_GENERATORS[id])).toEqual([]);
    expect(Object.keys(FIXTURE_GENERATORS).filter((id) => !ids.includes(id))).toEqual([]);
  });
});

describe.each(ADAPTERS.map((a) => [a.id, a] as [string, Adapter]))('adapter %s', (id, adapter) => {
  it.skipIf(adapter.explicitOnly)(
    'detects its fixture at high from its folder and from the folder above',
    async () => {
      const { root } = fixtureOf(id);
      expect(await adapter.detect(root)).toMatchObject({ adapter: id, confidence: 'high', root });
      // from above, the root found may be the folder above itself when it holds the dataset's files one level down (SAMM)
      const above = await adapter.detect(path.dirname(root));
      expect(above).toMatchObject({ adapter: id, confidence: 'high' });
      expect([root, path.dirname(root)]).toContain(above.root);
    },
  );

  it('scores every other adapter’s fixture below high', async () => {
    for (const [other, f] of fixtures) {
      if (other === id) continue;
      const d = await adapter.detect(f.root);
      expect(d.confidence, `${id} against the ${other} fixture`).not.toBe('high');
    }
  });

  describe('convert --frames copy, then validate', () => {
    let before: Record<string, string>;
    let out: string;
    let run: { code: number; stdout: string; stderr: string };

    beforeAll(async () => {
      const f = fixtureOf(id);
      const dir = path.join(base, id);
      before = await snapshot(dir);
      out = path.join(base, `${id}-out`);
      run = await runCli(['convert', f.root, '-o', out, '--frames', 'copy', ...f.convertArgs]);
    }, 120_000);

    it('exits 0 and leaves the source tree byte-identical', async () => {
      expect(run.code, run.stderr).toBe(0);
      expect(await snapshot(path.join(base, id))).toEqual(before);
    });

    it('writes samples with unique ids that pass the schema', async () => {
      const samples = await readManifest(out);
      expect(samples.length).toBeGreaterThan(0);
      expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
      for (const s of samples) expect(SampleSchema.safeParse(s).success, s.id).toBe(true);
    });

    it('uses only catalogued issue codes', async () => {
      const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8')) as Report;
      expect(uncataloguedCodes(report.issues.map((i) => i.code))).toEqual([]);
    });

    it('validates with exit 0', async () => {
      const v = await runCli(['validate', out]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
    });
  });

  it('exits 1 naming the sheet when the sheet is missing', async () => {
    const f = fixtureOf(id);
    if (f.sheet === null) return; // the adapter reads no sheet (SMIC: labels come from folder names)
    await rename(f.sheet, `${f.sheet}.away`);
    try {
      const format = f.convertArgs.includes('--format') ? [] : ['--format', id];
      const run = await runCli([
        'convert',
        f.root,
        '-o',
        path.join(base, `${id}-nosheet`),
        ...format,
        ...f.convertArgs,
      ]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain(path.basename(f.sheet));
    } finally {
      await rename(`${f.sheet}.away`, f.sheet);
    }
  });
});
