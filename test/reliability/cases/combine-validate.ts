import { execFileSync } from 'node:child_process';
import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { jpegPalette } from '../../../fixtures/frames.js';
import { runCli } from '../../helpers/cli.js';
import { makeSample, writeOutput } from '../../helpers/samples.js';
import { type Case, convertCustomCase, F3, validateCase } from '../corpus-harness.js';

// Issue 11, items 2, 8, 13, 14: combine trusts no input manifest, resume follows replaced sources,
// validate checks videos and frames_dir entries.

/** Two converted outputs in `dir/in` (the "source" of a combine case), a sentinel file beside them. */
interface Inputs {
  dir: string;
  a: string;
  b: string;
  out: string;
  /** A valid JPEG outside every input: no combine may link, copy or change it. */
  sentinel: string;
}

async function makeInputs(dir: string): Promise<Inputs> {
  const [jpeg] = await jpegPalette(undefined, 1);
  const a = path.join(dir, 'in', 'a');
  const b = path.join(dir, 'in', 'b');
  await writeOutput(
    a,
    [makeSample('casme2', 'sub01', 'EP02_01f'), makeSample('casme2', 'sub02', 'EP03_02f')],
    { writeFrames: jpeg },
  );
  await writeOutput(b, [makeSample('samm', '006', '006_1_2')], { writeFrames: jpeg });
  const sentinel = path.join(dir, 'sentinel.jpg');
  await writeFile(sentinel, jpeg as Buffer);
  return { dir, a, b, out: path.join(dir, 'out'), sentinel };
}

/** Rewrites input `input`'s manifest line `line` (0-based) with `edit`. */
async function editLine(
  input: string,
  line: number,
  edit: (s: Record<string, unknown>) => void,
): Promise<void> {
  const file = path.join(input, 'manifest.jsonl');
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  const sample = JSON.parse(lines[line] as string) as Record<string, unknown>;
  edit(sample);
  lines[line] = JSON.stringify(sample);
  await writeFile(file, `${lines.join('\n')}\n`);
}

async function editDatasetJson(
  input: string,
  edit: (d: { frames: { root: string } }) => void,
): Promise<void> {
  const file = path.join(input, 'dataset.json');
  const info = JSON.parse(await readFile(file, 'utf8'));
  edit(info);
  await writeFile(file, JSON.stringify(info));
}

const FRAME_A0 = 'frames/casme2/sub01/EP02_01f/img3.jpg';

/**
 * Nothing outside the composite was created or linked: the sentinel keeps one link, the folder
 * holding the inputs and the output gains no entry, and a failed run leaves no output at all.
 */
async function expectNothingOutside(x: Inputs, ok: boolean): Promise<void> {
  expect((await stat(x.sentinel)).nlink).toBe(1);
  const entries = (await readdir(x.dir)).sort();
  expect(entries).toEqual(ok ? ['in', 'out', 'sentinel.jpg'] : ['in', 'sentinel.jpg']);
  expect((await readdir(path.join(x.dir, 'in'))).sort()).toEqual(['a', 'b']);
}

function combineCase(
  name: string,
  change: (x: Inputs) => Promise<void>,
  messages: (string | RegExp)[],
  code = 1,
  extraArgs: string[] = [],
  after?: (x: Inputs, output: string) => Promise<void>,
): Case {
  return {
    name: `combine: ${name}`,
    code,
    messages,
    async setup(dir) {
      const x = await makeInputs(dir);
      await change(x);
      return { args: ['combine', x.a, x.b, '-o', x.out, ...extraArgs], source: path.join(dir, 'in') };
    },
    async after(dir, output) {
      const x = inputsAt(dir);
      await expectNothingOutside(x, code === 0);
      await after?.(x, output);
    },
  };
}

function inputsAt(dir: string): Inputs {
  return {
    dir,
    a: path.join(dir, 'in', 'a'),
    b: path.join(dir, 'in', 'b'),
    out: path.join(dir, 'out'),
    sentinel: path.join(dir, 'sentinel.jpg'),
  };
}

/** A finished combine, then its output moved back to the staging name: what a kill just before the commit leaves. */
async function killedCombine(x: Inputs): Promise<void> {
  const run = await runCli(['combine', x.a, x.b, '-o', x.out]);
  expect(run.code, run.stderr).toBe(0);
  await rename(x.out, path.join(x.dir, '.out.partial'));
}

/** Replaces `file` by a new file (new inode) holding `bytes`, as an editor or a re-download does. */
async function replaceFile(file: string, bytes: Uint8Array): Promise<void> {
  await writeFile(`${file}.new`, bytes);
  await rename(`${file}.new`, file);
}

/** A whole-second time: set before a run and after a replacement, the two mtimes are exactly equal. */
const PINNED = new Date('2024-01-01T00:00:00Z');
const pinTime = (file: string) => utimes(file, PINNED, PINNED);

/**
 * A same-size, same-time replacement of a file whose time was pinned before the killed run: one
 * byte of the entropy-coded data flipped, the time pinned again. Only the inode tells it apart.
 */
async function replaceKeepingSizeAndTime(file: string): Promise<Buffer> {
  const bytes = Buffer.from(await readFile(file));
  const i = bytes.length - 10;
  bytes[i] = (bytes[i] as number) ^ 0x01;
  await replaceFile(file, bytes);
  await pinTime(file);
  return bytes;
}

/** Inodes of the first processed frame of clip s01/c1 (holds F3) and of s02/c1 (does not). */
const processedInodes = new Map<string, { changed: number; same: number }>();
async function clipInodes(out: string): Promise<{ changed: number; same: number }> {
  const first = async (clip: string) => {
    const folder = path.join(out, 'frames', 'mylab', clip);
    const name = (await readdir(folder)).filter((n) => /^\d+\.(jpg|png|webp)$/.test(n)).sort()[0] as string;
    return (await stat(path.join(folder, name))).ino;
  };
  return { changed: await first('s01/c1'), same: await first('s02/c1') };
}

/** The JSONL manifest of one video-backed sample, its video at `video` (relative to `dir/src`). */
async function videoManifest(src: string, video: string): Promise<string> {
  await mkdir(src, { recursive: true });
  const sample = {
    ...makeSample('mine', 's1', 'c1', { nFrames: 1 }),
    frames: [],
    frame_count: 10,
    onset: 0,
    apex: null,
    offset: 9,
    apex_source: 'missing',
    video: { path: video, start_time: 0, end_time: 0.06 },
  };
  const manifest = path.join(src, 'manifest.jsonl');
  await writeFile(manifest, `${JSON.stringify(sample)}\n`);
  return manifest;
}

function videoCase(
  name: string,
  make: (src: string, outside: string) => Promise<void>,
  messages: (string | RegExp)[],
  code = 1,
): Case {
  return {
    name: `validate: ${name}`,
    code,
    messages,
    async setup(dir) {
      const src = path.join(dir, 'src');
      await mkdir(path.join(src, 'videos'), { recursive: true });
      const outside = path.join(dir, 'elsewhere.avi');
      await writeFile(outside, AVI_HEAD);
      await make(src, outside);
      return { args: ['validate', await videoManifest(src, 'videos/trial.avi')], source: src };
    },
  };
}

/** The first bytes of an AVI file: RIFF header, `AVI ` form type, an `hdrl` list. */
const AVI_HEAD = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x24, 0x10, 0, 0]),
  Buffer.from('AVI LIST'),
  Buffer.from([0x04, 0x10, 0, 0]),
  Buffer.from('hdrl'),
]);

const TRIAL = path.join('videos', 'trial.avi');
const C1 = 'frames/s01/c1';

export const COMBINE_VALIDATE_CASES: Case[] = [
  // ── combine: every input is checked before anything is written (item 2) ──
  combineCase(
    'two clean inputs combine; frames are hard links inside the composite',
    async () => {},
    ['combined 3 samples from 3 subjects'],
    0,
    [],
    async (x) => {
      const input = await stat(path.join(x.a, FRAME_A0));
      const copied = await stat(path.join(x.out, 'frames/casme2/sub01/EP02_01f/000002.jpg'));
      expect(copied.ino).toBe(input.ino);
      expect((await runCli(['validate', x.out])).code).toBe(0);
    },
  ),
  combineCase(
    'an id holding /../ is refused before any folder or link is made',
    (x) =>
      editLine(x.a, 0, (s) => {
        s.id = 'casme2/sub01/../../../../../escape';
      }),
    ['a/manifest.jsonl: ', 'segment ".." is a relative path step', 'line 1', 'nothing was written'],
  ),
  combineCase(
    'an id with an empty segment is refused',
    (x) =>
      editLine(x.b, 0, (s) => {
        s.id = 'samm//006_1_2';
      }),
    ['b/manifest.jsonl: ', 'is empty (a leading, trailing or doubled /)'],
  ),
  combineCase(
    'an id with a backslash is refused',
    (x) =>
      editLine(x.b, 0, (s) => {
        s.id = 'samm\\..\\..\\escape';
      }),
    ['b/manifest.jsonl: ', 'holding a backslash or control character'],
  ),
  combineCase(
    'an absolute frame path (a file outside the input) is never hard-linked',
    (x) =>
      editLine(x.a, 1, (s) => {
        (s.frames as string[])[0] = x.sentinel;
      }),
    ['a/manifest.jsonl: ', 'line 2', `frame path '`, 'is absolute; expected a path relative to the manifest'],
  ),
  combineCase(
    'a frame path climbing out with ../ is never hard-linked',
    (x) =>
      editLine(x.a, 0, (s) => {
        (s.frames as string[])[1] = '../../sentinel.jpg';
      }),
    ['a/manifest.jsonl: ', "frame path '../../sentinel.jpg' leaves the dataset folder"],
  ),
  combineCase(
    'a frame that is a symlink out of the input is never hard-linked',
    async (x) => {
      await unlink(path.join(x.a, FRAME_A0));
      await symlink(x.sentinel, path.join(x.a, FRAME_A0));
    },
    ['a/manifest.jsonl: ', `frame '${FRAME_A0}' is a symlink to`, 'outside the dataset folder'],
  ),
  combineCase(
    "dataset.json's frames.root widened to / cannot make the whole disk linkable",
    async (x) => {
      await editDatasetJson(x.a, (d) => {
        d.frames.root = '/';
      });
      await editLine(x.a, 0, (s) => {
        (s.frames as string[])[0] = '../../sentinel.jpg';
      });
    },
    ['a/dataset.json: ', "frames.root '/' resolves to /, the root of the file system", 'Nothing was written'],
  ),
  combineCase(
    "dataset.json's frames.root above the input is refused",
    async (x) => {
      await editDatasetJson(x.b, (d) => {
        d.frames.root = '../..';
      });
      await editLine(x.b, 0, (s) => {
        (s.frames as string[])[0] = '../../sentinel.jpg';
      });
    },
    ['b/dataset.json: ', "frames.root '../..' resolves to", 'a folder above the output itself'],
  ),
  combineCase(
    'a frame that is a FIFO is refused without hanging',
    async (x) => {
      await unlink(path.join(x.b, 'frames/samm/006/006_1_2/img2.jpg'));
      execFileSync('mkfifo', [path.join(x.b, 'frames/samm/006/006_1_2/img2.jpg')]);
    },
    ['b/manifest.jsonl: ', "frame 'frames/samm/006/006_1_2/img2.jpg' is not a file"],
  ),
  combineCase(
    'a frame that is a folder is refused',
    async (x) => {
      await unlink(path.join(x.a, FRAME_A0));
      await mkdir(path.join(x.a, FRAME_A0));
    },
    ['a/manifest.jsonl: ', `frame '${FRAME_A0}' is not a file`],
  ),
  combineCase(
    'an input line that is not JSON names the file and line; nothing is written',
    (x) => writeFile(path.join(x.b, 'manifest.jsonl'), '{"id": "samm/006/006_1_2",\n'),
    ['b/manifest.jsonl: 1 error in this input (line 1: not valid JSON', 'nothing was written'],
  ),
  combineCase(
    'reference mode checks the inputs too',
    (x) =>
      editLine(x.a, 0, (s) => {
        (s.frames as string[])[0] = '../../../../etc/passwd';
      }),
    ['a/manifest.jsonl: ', "frame path '../../../../etc/passwd' leaves the dataset folder"],
    1,
    ['--frames', 'reference'],
  ),
  // ── combine: a rerun after a kill follows sources replaced meanwhile (item 8) ──
  combineCase(
    'after a kill, a frame replaced in an input is linked anew, not served stale',
    async (x) => {
      await killedCombine(x);
      const other = (await jpegPalette(undefined, 3))[2] as Buffer;
      await replaceFile(path.join(x.a, FRAME_A0), other);
    },
    ['combined 3 samples'],
    0,
    [],
    async (x) => {
      const now = await readFile(path.join(x.a, FRAME_A0));
      expect(await readFile(path.join(x.out, 'frames/casme2/sub01/EP02_01f/000002.jpg'))).toEqual(now);
      expect((await stat(path.join(x.out, 'frames/casme2/sub01/EP02_01f/000002.jpg'))).ino).toBe(
        (await stat(path.join(x.a, FRAME_A0))).ino,
      );
    },
  ),
  combineCase(
    'after a kill, a same-size same-time replacement is caught by its inode',
    async (x) => {
      await pinTime(path.join(x.a, FRAME_A0));
      await killedCombine(x);
      await replaceKeepingSizeAndTime(path.join(x.a, FRAME_A0));
    },
    ['combined 3 samples'],
    0,
    [],
    async (x) => {
      const now = await readFile(path.join(x.a, FRAME_A0));
      expect(await readFile(path.join(x.out, 'frames/casme2/sub01/EP02_01f/000002.jpg'))).toEqual(now);
    },
  ),
  combineCase(
    'after a kill with another input set, clips no longer combined are pruned',
    async (x) => {
      await killedCombine(x);
      // the rerun combines a with a smaller b: its sample 006_1_2 is gone
      const [jpeg] = await jpegPalette(undefined, 1);
      await rm(x.b, { recursive: true });
      await writeOutput(x.b, [makeSample('samm', '007', '007_1_1')], { writeFrames: jpeg });
    },
    ['combined 3 samples'],
    0,
    [],
    async (x) => {
      expect((await readdir(path.join(x.out, 'frames', 'samm'))).sort()).toEqual(['007']);
      expect((await runCli(['validate', x.out])).code).toBe(0);
    },
  ),
  // ── convert --frames copy: a rerun after a kill follows replaced frames (item 8) ──
  {
    ...convertCustomCase(
      'copy resume after a kill: a same-size same-time replaced source frame is copied anew',
      async () => {},
      ['6 samples'],
      0,
      ['--frames', 'copy'],
    ),
    async setup(dir) {
      const base = await convertCustomCase('', async () => {}, [], 0, ['--frames', 'copy']).setup(dir);
      const out = base.args[base.args.indexOf('-o') + 1] as string;
      await pinTime(path.join(base.source, F3));
      expect((await runCli(base.args)).code).toBe(0);
      await rename(out, path.join(path.dirname(out), '.out.partial'));
      await replaceKeepingSizeAndTime(path.join(base.source, F3));
      return base;
    },
    async after(dir) {
      const source = await readFile(path.join(dir, 'src', F3));
      // annotated span 2..5: source frame 3 is the clip's second frame
      expect(await readFile(path.join(dir, 'out', 'frames/mylab/s01/c1/000001.jpg'))).toEqual(source);
    },
  },
  // ── convert --frames process: the same, for processed clips (item 8) ──
  {
    ...convertCustomCase(
      'process resume after a kill: a clip whose source frame was replaced is redone',
      async () => {},
      ['6 samples'],
      0,
    ),
    async setup(dir) {
      const base = await convertCustomCase('', async () => {}, [], 0, ['--frames', 'process']).setup(dir);
      const out = base.args[base.args.indexOf('-o') + 1] as string;
      await pinTime(path.join(base.source, F3));
      expect((await runCli(base.args)).code).toBe(0);
      const staging = path.join(path.dirname(out), '.out.partial');
      await rename(out, staging);
      processedInodes.set(dir, await clipInodes(staging));
      await replaceKeepingSizeAndTime(path.join(base.source, F3));
      return base;
    },
    async after(dir) {
      const before = processedInodes.get(dir) as { changed: number; same: number };
      const after = await clipInodes(path.join(dir, 'out'));
      expect(after.changed).not.toBe(before.changed); // s01/c1 holds the replaced frame: redone
      expect(after.same).toBe(before.same); // s02/c1 is untouched: reused
    },
  },
  // ── validate: videos (item 13) ──
  videoCase('a text file named .avi', (src) => writeFile(path.join(src, TRIAL), 'not a video\n'), [
    "video.bad-file mine/s1/c1: video 'videos/trial.avi' is a text file, not a video",
    '[manifest.jsonl, row 1]',
  ]),
  videoCase('a 1-byte video', (src) => writeFile(path.join(src, TRIAL), Buffer.from([0x00])), [
    "video 'videos/trial.avi' is too short to be a video (1 bytes)",
  ]),
  videoCase(
    'a video symlinked out of the dataset folder',
    (src, outside) => symlink(outside, path.join(src, TRIAL)),
    ["video 'videos/trial.avi' is a symlink to", 'elsewhere.avi, outside the dataset folder'],
  ),
  videoCase(
    'a FIFO named .avi is refused without hanging',
    async (src) => {
      execFileSync('mkfifo', [path.join(src, TRIAL)]);
    },
    ["video 'videos/trial.avi' is not a regular file"],
  ),
  videoCase(
    'a real AVI header passes',
    (src) => writeFile(path.join(src, TRIAL), AVI_HEAD),
    ['valid: 1 sample,'],
    0,
  ),
  // ── validate: frames_dir entries of a CSV manifest (item 14) ──
  validateCase('frames_dir with a missing frame', (s) => unlink(path.join(s, F3)), [
    `frames_dir '${C1}': frame number 3 missing between img0001.jpg and img0006.jpg`,
    'manifest.csv, row 2',
  ]),
  validateCase(
    'frames_dir with a FIFO named like a frame',
    async (s) => {
      await unlink(path.join(s, F3));
      execFileSync('mkfifo', [path.join(s, F3)]);
    },
    [`frames_dir '${C1}': 'img0003.jpg' is a FIFO (named pipe), not an image file`, 'manifest.csv, row 2'],
  ),
  validateCase(
    'frames_dir with a folder named like a frame',
    async (s) => {
      await unlink(path.join(s, F3));
      await mkdir(path.join(s, F3));
    },
    [`frames_dir '${C1}': 'img0003.jpg' is a folder, not an image file`, 'manifest.csv, row 2'],
  ),
  validateCase(
    'frames_dir with a frame name that is not UTF-8',
    async (s) => {
      const dir = Buffer.from(path.join(s, C1));
      await rename(path.join(s, F3), Buffer.concat([dir, Buffer.from('/img\xff0003.jpg', 'latin1')]));
    },
    [`frames_dir ${C1}/: 1 frame file name is not valid UTF-8`, 'manifest.csv, row 2'],
  ),
  {
    name: 'validate: a manifest id with a .. segment (it would name a folder outside frames/)',
    code: 1,
    messages: [
      "manifest.unsafe-id mine/../../c1: id 'mine/../../c1' cannot name a folder",
      '[manifest.jsonl, row 1]',
    ],
    async setup(dir) {
      const [jpeg] = await jpegPalette(undefined, 1);
      const src = path.join(dir, 'src');
      await writeOutput(src, [makeSample('mine', 's1', 'c1', { id: 'mine/../../c1' })], {
        writeFrames: jpeg,
      });
      return { args: ['validate', src], source: src };
    },
  },
];
