import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { expect } from 'vitest';
import { jpegPalette } from '../../fixtures/frames.js';
import { runCli } from '../helpers/cli.js';
import { ANNOTATIONS, CONFIG, frameFile, MANIFEST_CSV, makeCustomDataset } from './custom-dataset.js';
import { pathDigest, treeDigest } from './tree-hash.js';

/**
 * The bad-input corpus harness: each case builds its input at test time, runs the CLI, and
 * asserts the exit code and the meaningful part of the message (naming the file, row or sample).
 * Every case hashes the source tree before and after: a failing run never changes its input.
 * Case lists live in `cases/*.ts`; `corpus.test.ts` runs them all.
 */
export interface Setup {
  args: string[];
  /** The tree that must be byte-for-byte unchanged by the run. */
  source: string;
  /**
   * The run's output folder, for cases about the output: after the run it must hold the previous
   * content (failed run) or a new result that validates (exit 0), no lock may be left behind, and
   * nothing else under the case folder may change (`watchOutput`).
   */
  output?: string;
}
export interface Case {
  name: string;
  setup(dir: string): Promise<Setup>;
  code: number;
  /** Each must appear in the CLI's output (stdout + stderr). */
  messages: (string | RegExp)[];
  after?(dir: string, output: string): Promise<void> | void;
}

export const F3 = frameFile('s01', 'c1', 3);

/** The README's custom dataset in `dir/src` (config beside it), with `change` applied. */
export async function custom(dir: string, change: (src: string) => Promise<void> = async () => {}) {
  const { root, config } = await makeCustomDataset(path.join(dir, 'src'));
  await change(root);
  return { root, config, out: path.join(dir, 'out') };
}

export function validateCase(
  name: string,
  change: (src: string) => Promise<void>,
  messages: (string | RegExp)[],
  code = 1,
  extraArgs: string[] = [],
  after?: Case['after'],
): Case {
  return {
    name,
    code,
    messages,
    after,
    async setup(dir) {
      const { root } = await custom(dir, change);
      return { args: ['validate', path.join(root, 'manifest.csv'), ...extraArgs], source: root };
    },
  };
}

export function convertCustomCase(
  name: string,
  change: (src: string, config: string) => Promise<void>,
  messages: (string | RegExp)[],
  code = 1,
  extraArgs: string[] = [],
  after?: Case['after'],
): Case {
  return {
    name,
    code,
    messages,
    after,
    async setup(dir) {
      const { root, config, out } = await custom(dir);
      await change(root, config);
      return {
        args: ['convert', root, '-o', out, '--format', 'custom', '--config', config, ...extraArgs],
        source: root,
      };
    },
  };
}

export async function editManifest(src: string, edit: (lines: string[]) => void): Promise<void> {
  const lines = MANIFEST_CSV.split('\n');
  edit(lines);
  await writeFile(path.join(src, 'manifest.csv'), `${lines.join('\n')}\n`);
}

export async function editConfig(config: string, edit: (c: Record<string, unknown>) => void): Promise<void> {
  const c = JSON.parse(JSON.stringify(CONFIG)) as Record<string, unknown>;
  edit(c);
  await writeFile(config, JSON.stringify(c));
}

export async function writeAnnotations(src: string, text: string): Promise<void> {
  await writeFile(path.join(src, 'annotations.csv'), text);
}

export const annotationLines = () => ANNOTATIONS.split('\n');

/** A valid JPEG frame (the palette's first image), loaded by `loadCorpusFixtures`. */
export const corpusFixtures: { jpeg: Buffer } = { jpeg: Buffer.alloc(0) };

export async function loadCorpusFixtures(): Promise<void> {
  corpusFixtures.jpeg = (await jpegPalette())[0] as Buffer;
}

/** An .xlsx whose comment is anchored at `__proto__` (docs/dependencies.md §1: the CVE-2023-30533 recipe). */
export function protoCommentXlsx(): Buffer {
  const ws = XLSX.utils.aoa_to_sheet(annotationLines().map((l) => l.split(',')));
  (ws.A1 as XLSX.CellObject).c = [{ a: 'me-unify', t: 'crafted' }] as XLSX.Comments;
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
  const zip = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, {
    type: 'buffer',
  });
  const i = zip.FullPaths.findIndex((p: string) => p.endsWith('xl/comments1.xml'));
  const entry = zip.FileIndex[i] as { content: Uint8Array };
  const xml = Buffer.from(entry.content as Uint8Array).toString('utf8');
  entry.content = Buffer.from(xml.replace('ref="A1"', 'ref="__proto__"'));
  return XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip' }) as Buffer;
}

/** An OLE/CFB container with EncryptionInfo: how Excel stores a password-protected .xlsx. */
export function encryptedXlsx(): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(1024, 7));
  return XLSX.CFB.write(cfb, { type: 'buffer' }) as Buffer;
}

export function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.c).toBeUndefined();
  expect(probe.t).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
}

export async function manifestIds(out: string): Promise<string[]> {
  const text = await readFile(path.join(out, 'manifest.jsonl'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { id: string }).id);
}

/**
 * Watches the output side of a case run in `dir`: the output folder must afterwards hold the
 * previous content (any failure) or a new result that `validate` accepts (exit 0); the lock file
 * must be gone unless the case planted one that a refused run must leave; and nothing under `dir`
 * outside the output and its hidden siblings (`.<out>.partial`, `.old`, `.lock`) may change.
 */
export async function watchOutput(
  dir: string,
  output: string,
): Promise<{ check(code: number): Promise<void> }> {
  const out = path.resolve(output);
  const parent = path.dirname(out);
  const name = path.basename(out);
  const lock = path.join(parent, `.${name}.lock`);
  const own = new Set([out, lock, ...['partial', 'old'].map((x) => path.join(parent, `.${name}.${x}`))]);
  const skip = (abs: string) => own.has(abs);
  const previous = await pathDigest(out);
  const lockBefore = await pathDigest(lock);
  const rest = await treeDigest(dir, skip);
  return {
    async check(code) {
      if (code === 0) {
        const valid = await runCli(['validate', out]);
        expect(valid.code, `the new output must validate: ${valid.stdout}${valid.stderr}`).toBe(0);
      } else expect(await pathDigest(out), 'a failed run keeps the previous output').toBe(previous);
      const lockAfter = await pathDigest(lock);
      if (lockBefore === 'absent' || code === 0) expect(lockAfter, 'no lock left behind').toBe('absent');
      else expect(lockAfter, "another run's lock is left alone").toBe(lockBefore);
      expect(await treeDigest(dir, skip), 'nothing outside the output changed').toBe(rest);
    },
  };
}
