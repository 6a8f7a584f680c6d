import { execFileSync, spawn } from 'node:child_process';
import { readFile, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createDeflateRaw } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { expect } from 'vitest';
import { readManifestLines } from '../../../src/manifest/read.js';
import { BIN, runCli } from '../../helpers/cli.js';
import {
  annotationLines,
  type Case,
  convertCustomCase,
  corpusFixtures,
  custom,
  editConfig,
  expectNoPollution,
  F3,
  writeAnnotations,
} from '../corpus-harness.js';

// The input side of issue 11: hostile sheets, zips, links, FIFOs, frames, text and numbers.

/** Runs the built CLI (`npm run build`) and kills it after `ms`: a case that would hang fails fast instead. */
function finishesWithin(args: readonly string[], ms = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`me-unify ${args.join(' ')} did not finish within ${ms} ms (hang)`));
    }, ms);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** A convert case on the custom dataset whose hang-prone input is first run as a bounded real process. */
function boundedConvertCase(
  name: string,
  change: (src: string, config: string) => Promise<void>,
  messages: (string | RegExp)[],
  code: number,
  extraArgs: string[] = [],
  after?: Case['after'],
): Case {
  const inner = convertCustomCase(name, change, messages, code, extraArgs, after);
  return {
    ...inner,
    async setup(dir) {
      const setup = await inner.setup(dir);
      await finishesWithin(setup.args);
      // the probe ran with the same -o: start the measured run from the same empty state
      execFileSync('rm', ['-rf', path.join(dir, 'out'), path.join(dir, 'out.partial')]);
      return setup;
    },
  };
}

function mkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** The annotation sheet as .xlsx with its sheet XML edited, and the config pointed at it. */
async function useXlsx(src: string, config: string, editXml: (xml: string) => string = (x) => x) {
  const ws = XLSX.utils.aoa_to_sheet(annotationLines().map((l) => l.split(',')));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Sheet1');
  const zip = XLSX.CFB.read(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer, {
    type: 'buffer',
  });
  const entry = zip.FileIndex[
    zip.FullPaths.findIndex((p: string) => p.endsWith('worksheets/sheet1.xml'))
  ] as {
    content: Uint8Array;
  };
  const xml = Buffer.from(entry.content).toString('utf8');
  const edited = editXml(xml);
  entry.content = Buffer.from(edited);
  await writeFile(
    path.join(src, 'annotations.xlsx'),
    XLSX.CFB.write(zip, { type: 'buffer', fileType: 'zip' }) as Buffer,
  );
  await editConfig(config, (c) => {
    (c.sheet as Record<string, unknown>).file = 'annotations.xlsx';
  });
}

/** `size` zero bytes as a raw deflate stream, built in 1 MB steps (a few hundred KB of output). */
async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let left = size; left > 0; left -= chunk.length) {
    if (!deflate.write(left >= chunk.length ? chunk : chunk.subarray(0, left)))
      await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return Buffer.concat(parts);
}

/**
 * A valid .xlsx with one more zip entry, `xl/media/big.bin`, holding `packed` as deflate data and
 * declaring `declared` bytes unpacked in both its headers (the zip layout by hand: local header,
 * data, central directory, end record).
 */
async function xlsxWithEntry(src: string, config: string, packed: Buffer, declared: number): Promise<void> {
  await useXlsx(src, config);
  const file = path.join(src, 'annotations.xlsx');
  const zip = XLSX.CFB.read(await readFile(file), { type: 'buffer' });
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const entries: [string, Buffer, number, number][] = zip.FullPaths.map((p: string, i: number) => {
    const e = zip.FileIndex[i] as { type: number; content: Uint8Array };
    return [p.replace(/^[^/]*\//, ''), Buffer.from(e.content ?? []), e.type, 0] as [
      string,
      Buffer,
      number,
      number,
    ];
  }).filter(([name, , type]: [string, Buffer, number, number]) => type === 2 && name !== '');
  const all: { name: string; data: Buffer; method: number; size: number }[] = entries.map(([name, data]) => ({
    name,
    data,
    method: 0,
    size: data.length,
  }));
  all.push({ name: 'xl/media/big.bin', data: packed, method: 8, size: declared });
  for (const e of all) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0, 14); // CRC not checked by either reader here
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(e.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(cd, name);
    offset += 30 + name.length + e.data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(all.length, 8);
  end.writeUInt16LE(all.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(file, Buffer.concat([...parts, cdBytes, end]));
}

/** Replaces frame 3 of s01/c1 by a symlink to `target`. */
async function linkFrame(src: string, target: string): Promise<void> {
  await unlink(path.join(src, F3));
  await symlink(target, path.join(src, F3));
}

/** A frame symlinked to a FIFO outside the dataset folder's files (in the case's folder). */
async function fifoFrame(src: string): Promise<void> {
  const fifo = path.join(src, '..', 'pipe.jpg');
  mkfifo(fifo);
  // inside the source: the FIFO itself is the problem, not where it is
  await rename(path.join(src, F3), path.join(src, '..', 'moved.jpg'));
  await symlink(
    path.relative(path.dirname(path.join(src, F3)), path.join(src, 'frames', 'pipe.jpg')),
    path.join(src, F3),
  );
  await rename(fifo, path.join(src, 'frames', 'pipe.jpg'));
}

const withRow1 = (edit: (line: string) => string) =>
  annotationLines()
    .map((l, i) => (i === 1 ? edit(l) : l))
    .join('\n');

/** A naive deep merge, as training code often has (the lodash.merge CVE pattern): why `extra` must never carry these keys. */
export function naiveMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key in source) {
    const value = source[key];
    if (typeof value === 'object' && value !== null) {
      if (!target[key]) target[key] = {};
      naiveMerge(target[key] as Record<string, unknown>, value as Record<string, unknown>);
    } else target[key] = value;
  }
}

export const HOSTILE_EXTRA =
  '{"note":"x","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}';

/** Shows the input is hostile: JSON.parse + the naive merge pollutes every object (then undoes it). */
export function expectPollutesNaively(json: string): void {
  try {
    naiveMerge({}, JSON.parse(json));
    expect(({} as Record<string, unknown>).polluted).toBe(1);
  } finally {
    delete (Object.prototype as Record<string, unknown>).polluted;
  }
}

export const INPUT_CASES: Case[] = [
  // ── sheets: size claims, limits, zip bombs (issue 11 items 3, 15) ──
  boundedConvertCase(
    '.xlsx whose <dimension> claims the whole sheet (A1:XFD1048576) is read by its cells',
    (s, c) =>
      useXlsx(s, c, (x) => x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>')),
    ['converted 6 samples from 3 subjects of mylab'],
    0,
  ),
  boundedConvertCase(
    '.xlsx with a stray cell at row 300000 is refused past the row limit',
    (s, c) =>
      useXlsx(s, c, (x) =>
        x.replace(
          '</sheetData>',
          '<row r="300000"><c r="A300000" t="str"><v>stray</v></c></row></sheetData>',
        ),
      ),
    [
      /annotations\.xlsx, tab 'Sheet1': holds cells up to row 300000 and column G; expected an annotation table of at most 200000 rows and 1000 columns/,
    ],
    1,
  ),
  boundedConvertCase(
    '.xlsx with a stray cell in column XFD is refused past the column limit',
    (s, c) => useXlsx(s, c, (x) => x.replace('</row>', '<c r="XFD1" t="str"><v>stray</v></c></row>')),
    [/annotations\.xlsx, tab 'Sheet1': holds cells up to row 7 and column XFD/],
    1,
  ),
  boundedConvertCase(
    'zip bomb .xlsx declaring 700 MB unpacked is refused before it is inflated',
    (s, c) => xlsxWithEntry(s, c, Buffer.from([3, 0]), 700 * 1024 * 1024),
    [
      /annotations\.xlsx: its zip entries declare at least \d+ bytes unpacked .*the limit for an annotation workbook is 134217728 bytes \(128 MB\) unpacked/,
    ],
    1,
  ),
  boundedConvertCase(
    'zip bomb .xlsx lying about its size (declares 1 KB, inflates past 128 MB) is refused',
    async (s, c) => xlsxWithEntry(s, c, await deflatedZeros(130 * 1024 * 1024), 1024),
    [
      /annotations\.xlsx: its zip entry 'xl\/media\/big\.bin' unpacks to more than the \d+ bytes left under the limit/,
    ],
    1,
  ),

  // ── symlinks out of the dataset, while scanning (item 5) ──
  convertCustomCase(
    'frame symlinked to a file outside the dataset (--frames copy) is refused',
    async (s) => {
      await writeFile(path.join(s, '..', 'secret.jpg'), corpusFixtures.jpeg);
      await linkFrame(s, path.join(s, '..', 'secret.jpg'));
    },
    [
      `'${F3}' is a symlink to `,
      /secret\.jpg, outside the source folder .*src; expected the dataset's files inside it/,
    ],
    1,
    ['--frames', 'copy'],
  ),
  convertCustomCase(
    'frame symlinked to /etc/passwd is never copied in',
    (s) => linkFrame(s, '/etc/passwd'),
    [`'${F3}' is a symlink to /etc/passwd, outside the source folder`],
    1,
    ['--frames', 'copy'],
  ),
  convertCustomCase(
    'frame symlinked outside, --on-error skip: the sample is left out and reported',
    async (s) => {
      await writeFile(path.join(s, '..', 'secret.jpg'), corpusFixtures.jpeg);
      await linkFrame(s, path.join(s, '..', 'secret.jpg'));
    },
    ['converted 5 samples', 'skipped 1 sample', 'frames.outside mylab/s01/c1'],
    0,
    ['--frames', 'copy', '--on-error', 'skip'],
    async (dir) => {
      const out = path.join(dir, 'out');
      expect((await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).includes('mylab/s01/c1')).toBe(false);
      expect((await runCli(['validate', out])).code).toBe(0);
    },
  ),
  convertCustomCase(
    'clip folder symlinked outside the dataset is not read',
    async (s) => {
      const outside = path.join(s, '..', 'elsewhere');
      await rename(path.join(s, 'frames/s02/c1'), outside);
      await symlink(outside, path.join(s, 'frames/s02/c1'));
    },
    [
      "'frames/s02/c1/img0001.jpg' lies in a folder linked to ",
      /elsewhere\/img0001\.jpg, outside the source folder/,
    ],
    1,
  ),

  // ── FIFOs and signals (item 9) ──
  boundedConvertCase(
    'frame that is a symlink to a FIFO (--frames copy) is refused, not waited on',
    (s) => fifoFrame(s),
    [`'${F3}' is a named pipe (FIFO); expected an image or video file`, 'frames.not-file mylab/s01/c1'],
    1,
    ['--frames', 'copy'],
  ),
  boundedConvertCase(
    'frame that is a symlink to a FIFO (--frames process) is refused, not waited on',
    (s) => fifoFrame(s),
    [`'${F3}' is a named pipe (FIFO)`],
    1,
    ['--frames', 'process'],
  ),
  {
    name: 'manifest that is a FIFO: validate refuses it at once',
    code: 1,
    messages: [/manifest\.jsonl: is a named pipe \(FIFO\); expected the manifest as a regular file/],
    async setup(dir) {
      const { root } = await custom(dir);
      mkfifo(path.join(root, 'manifest.jsonl'));
      const args = ['validate', path.join(root, 'manifest.jsonl')];
      await finishesWithin(args);
      return { args, source: root };
    },
  },
  boundedConvertCase(
    'custom config that is a FIFO is refused',
    async (_s, config) => {
      await unlink(config);
      mkfifo(config);
    },
    [/src\.config\.json: is a named pipe \(FIFO\); expected the custom adapter config as a regular file/],
    2,
  ),
  boundedConvertCase(
    'annotation sheet that is a FIFO is refused',
    async (s) => {
      await unlink(path.join(s, 'annotations.csv'));
      mkfifo(path.join(s, 'annotations.csv'));
    },
    [/annotations\.csv: no such sheet \(sheet\.file in src\.config\.json is 'annotations\.csv'/],
    1,
  ),

  // ── bad frames copied (item 10) ──
  convertCustomCase(
    '--frames copy: a zero-byte frame stops the run, naming it',
    (s) => writeFile(path.join(s, F3), ''),
    [/frames\.copy mylab\/s01\/c1: .*frames\/s01\/c1\/img0003\.jpg: frame is empty \(0 bytes\)/],
    1,
    ['--frames', 'copy'],
  ),
  convertCustomCase(
    '--frames copy: a truncated JPEG stops the run, naming it',
    (s) =>
      writeFile(
        path.join(s, F3),
        corpusFixtures.jpeg.subarray(0, Math.floor(corpusFixtures.jpeg.length / 2)),
      ),
    [/img0003\.jpg: frame is a truncated JPEG \(no end-of-image marker FFD9\)/],
    1,
    ['--frames', 'copy'],
  ),
  convertCustomCase(
    '--frames copy: a text file named .jpg stops the run, naming it',
    (s) => writeFile(path.join(s, F3), 'this is not an image\n'),
    [/img0003\.jpg: frame is a text file, not an image/],
    1,
    ['--frames', 'copy'],
  ),
  convertCustomCase(
    '--frames copy --on-error skip: the sample with a bad frame is left out; the output validates',
    (s) => writeFile(path.join(s, F3), ''),
    ['converted 5 samples', 'skipped 1 sample'],
    0,
    ['--frames', 'copy', '--on-error', 'skip'],
    async (dir) => {
      expect((await runCli(['validate', path.join(dir, 'out')])).code).toBe(0);
    },
  ),

  // ── formula injection (item 12) ──
  convertCustomCase(
    'sheet text a spreadsheet would run is neutralised in manifest.csv, kept exact in JSONL',
    (s) =>
      writeAnnotations(
        s,
        withRow1((l) => l.replace(',happiness,4+L10', ',"=HYPERLINK(""http://x"",""y"")",@SUM(1)')),
      ),
    ['converted 6 samples'],
    0,
    [],
    async (dir) => {
      const out = path.join(dir, 'out');
      const csv = await readFile(path.join(out, 'manifest.csv'), 'utf8');
      expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
      expect(csv).toContain(`'@SUM(1)`);
      expect(csv).not.toMatch(/,=HYPERLINK|,"=HYPERLINK|,@SUM/);
      // numbers stay numbers: fps 100 and the indices are written bare
      expect(csv.split('\n')[1]).toMatch(/,100,4,0,2,3,/);
      const first = JSON.parse(
        (await readFile(path.join(out, 'manifest.jsonl'), 'utf8')).split('\n')[0] as string,
      );
      expect(first.emotion).toBe('=HYPERLINK("http://x","y")');
      expect(first.aus_raw).toBe('@SUM(1)');
    },
  ),

  // ── deeply nested JSON (item 16) ──
  {
    name: 'JSONL manifest line nested 2,000 levels deep names the file and line',
    code: 1,
    messages: ['manifest.invalid-line', 'nested more than 64 levels deep', 'manifest.jsonl, row 2'],
    async setup(dir) {
      const { root } = await custom(dir);
      const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
      await writeFile(path.join(root, 'manifest.jsonl'), `{"id":"a"}\n{"id":"b","extra":{"x":${deep}}}\n`);
      return { args: ['validate', path.join(root, 'manifest.jsonl')], source: root };
    },
    after(_dir, output) {
      expect(output).not.toContain('Maximum call stack');
    },
  },

  // ── terminal escapes (item 21) ──
  convertCustomCase(
    'terminal control characters from a sheet cell are printed escaped',
    (s) =>
      writeAnnotations(
        s,
        withRow1((l) => l.replace(',2,4,5,', ',2\u001b[2J\u0007\u009b,4,5,')),
      ),
    ["'Onset' '2\\x1B[2J\\x07\\x9B' is not a whole number", '[annotations.csv, row 2]'],
    1,
    [],
    (_dir, output) => {
      for (const raw of ['\u001b', '\u0007', '\u009b']) expect(output.includes(raw)).toBe(false);
    },
  ),

  // ── sheet.file outside the dataset (item 22) ──
  convertCustomCase(
    "custom config sheet.file with '../' is refused like frames.folder",
    async (s, config) => {
      await writeFile(path.join(s, '..', 'outside.csv'), `${annotationLines().join('\n')}\n`);
      await editConfig(config, (c) => {
        (c.sheet as Record<string, unknown>).file = '../outside.csv';
      });
    },
    [
      /src\.config\.json: not a valid custom adapter config/,
      'sheet.file: expected a path inside the dataset folder',
    ],
    2,
  ),
  convertCustomCase(
    'custom config sheet.file /etc/passwd is refused and none of it is echoed',
    (_s, config) =>
      editConfig(config, (c) => {
        (c.sheet as Record<string, unknown>).file = '/etc/passwd';
      }),
    ['sheet.file: expected a path inside the dataset folder (no "..", not absolute)'],
    2,
    [],
    (_dir, output) => {
      expect(output).not.toMatch(/root:|:0:0:/);
    },
  ),
  convertCustomCase(
    'custom config sheet.file that is a symlink out of the dataset is refused',
    async (s, config) => {
      await writeFile(path.join(s, '..', 'outside.csv'), `${annotationLines().join('\n')}\n`);
      await symlink(path.join(s, '..', 'outside.csv'), path.join(s, 'linked.csv'));
      await editConfig(config, (c) => {
        (c.sheet as Record<string, unknown>).file = 'linked.csv';
      });
    },
    [
      /linked\.csv: sheet\.file 'linked\.csv' in src\.config\.json is a symlink to .*outside\.csv, outside the dataset folder/,
    ],
    2,
  ),
  convertCustomCase(
    '--sheet naming a file that is not a spreadsheet is not read (nothing echoed)',
    async () => {},
    ['/etc/passwd: not a spreadsheet file name; expected an .xlsx, .xlsm, .xls or .csv file'],
    1,
    ['--sheet', '/etc/passwd'],
    (_dir, output) => {
      expect(output).not.toMatch(/root:|:0:0:/);
    },
  ),

  // ── numeric options: the CLI accepts what the schema and validate accept (item 23) ──
  ...(
    [
      ['--fps', '0.0001', 'expected a number from 1 to 1000'],
      ['--fps', '5000', 'expected a number from 1 to 1000'],
      ['--length', '1', 'expected a whole number from 2 to 100000'],
      ['--jobs', '0', 'expected a whole number from 1 to 256'],
      ['--jobs', '1000', 'expected a whole number from 1 to 256'],
      ['--limit', '0', 'expected a whole number of 1 or more'],
      ['--quality', '101', 'expected a whole number from 1 to 100'],
    ] as const
  ).map(([option, value, message]) =>
    convertCustomCase(
      `${option} ${value} is refused at the command line`,
      async () => {},
      [`option '${option} <`, `argument '${value}' is invalid. ${message}`],
      2,
      ['--frames', 'process', option, value],
    ),
  ),

  // --size is checked with the other process options (same bounds, src/frames/spec.ts parseSize)
  convertCustomCase(
    '--size 0 is refused before anything is read',
    async () => {},
    ['--size: expected a size as N or WxH (1 to 16384 pixels'],
    2,
    ['--frames', 'process', '--size', '0'],
  ),

  // ── prototype pollution: an input that WOULD pollute a naive reader (suite item) ──
  {
    name: 'JSONL manifest whose extra holds __proto__ and constructor.prototype (no pollution downstream)',
    code: 0,
    messages: ['valid: 6 samples, 0 errors'],
    async setup(dir) {
      const { root, config } = await custom(dir);
      const converted = path.join(dir, 'converted');
      expect(
        (await runCli(['convert', root, '-o', converted, '--format', 'custom', '--config', config])).code,
      ).toBe(0);
      const lines = (await readFile(path.join(converted, 'manifest.jsonl'), 'utf8')).trim().split('\n');
      lines[0] = (lines[0] as string).replace(/"extra":\{\}/, `"extra":${HOSTILE_EXTRA}`);
      expect(lines[0]).toContain('"constructor"');
      await writeFile(path.join(converted, 'manifest.jsonl'), `${lines.join('\n')}\n`);
      return { args: ['validate', converted], source: converted };
    },
    async after(dir) {
      expectPollutesNaively(HOSTILE_EXTRA);
      // me-unify's reader hands training code an extra that the same naive merge cannot abuse
      await mergeExtras(path.join(dir, 'converted', 'manifest.jsonl'));
    },
  },
];

/**
 * Reads a manifest with me-unify and deep-merges every sample's extra naively, as training code
 * might; any pollution is undone after expectNoPollution has seen it (a failed case must not
 * poison the rest of the suite).
 */
export async function mergeExtras(file: string): Promise<void> {
  const lines = await readManifestLines(file);
  expect(lines.some((l) => l.sample && Object.keys(l.sample.extra).includes('note'))).toBe(true);
  try {
    for (const l of lines) if (l.sample) naiveMerge({}, l.sample.extra as Record<string, unknown>);
    expectNoPollution();
  } finally {
    delete (Object.prototype as Record<string, unknown>).polluted;
  }
}
