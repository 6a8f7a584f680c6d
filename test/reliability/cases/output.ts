import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { annotationLines, type Case, custom, editConfig, writeAnnotations } from '../corpus-harness.js';

// The output side of the corpus (issue 11): containment, the lock, an output that is a file or
// leads into the source, non-UTF-8 arguments. Every case names its output folder, so the runner
// also checks that the output holds the previous or a new valid result and nothing else changed.

interface Ctx {
  dir: string;
  root: string;
  config: string;
  out: string;
}

/** A case converting the README's custom dataset; `build` readies the scene and may change the arguments. */
function outputCase(
  name: string,
  code: number,
  messages: (string | RegExp)[] | ((ctx: Ctx) => (string | RegExp)[]),
  build: (
    ctx: Ctx,
  ) => Promise<{ extra?: string[]; args?: string[]; out?: string; source?: string } | undefined>,
  after?: (ctx: Ctx) => Promise<void>,
): Case {
  let ctx: Ctx | null = null;
  const c: Case = {
    name,
    code,
    messages: [],
    async setup(dir) {
      const { root, config, out } = await custom(dir);
      ctx = { dir, root, config, out };
      const scene = (await build(ctx)) ?? {};
      if (typeof messages === 'function') c.messages = messages(ctx);
      const args = scene.args ?? [...convertArgs(ctx, root, scene.out ?? out), ...(scene.extra ?? [])];
      return { args, source: scene.source ?? root, output: scene.out ?? out };
    },
    after: after ? async () => after(ctx as Ctx) : undefined,
  };
  if (typeof messages !== 'function') c.messages = messages;
  return c;
}

function convertArgs(ctx: Ctx, root: string, out: string): string[] {
  return ['convert', root, '-o', out, '--format', 'custom', '--config', ctx.config];
}

/** A previous complete result in `out`, as a user re-converting has. */
async function previousResult({ root, config, out }: Ctx): Promise<void> {
  const run = await runCli(['convert', root, '-o', out, '--format', 'custom', '--config', config]);
  expect(run.code, run.stderr).toBe(0);
}

/** A folder beside the dataset that must never be touched, with one file in it. */
async function victim(dir: string): Promise<string> {
  const v = path.join(dir, 'victim');
  await mkdir(path.join(v, 's01'), { recursive: true });
  await writeFile(path.join(v, 's01', 'keep.txt'), 'precious\n');
  return v;
}

/** The pid of a process that has ended: a lock holding it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return child.pid as number;
}

async function victimIntact(ctx: Ctx): Promise<void> {
  expect(await readFile(path.join(ctx.dir, 'victim', 's01', 'keep.txt'), 'utf8')).toBe('precious\n');
  expect(await readdir(path.join(ctx.dir, 'victim'))).toEqual(['s01']);
}

const prefixCase = (label: string, prefix: string) =>
  outputCase(
    `subject_prefix ${label} is refused before anything is written`,
    2,
    ({ config }) => [`${config}: not a valid custom adapter config`, 'subject_prefix: expected plain text'],
    async (ctx) => {
      await victim(ctx.dir);
      await editConfig(ctx.config, (c) => {
        c.subject_prefix = prefix;
      });
      return { extra: ['--frames', 'copy', '--overwrite'] };
    },
    victimIntact,
  );

/** `.out.partial/<link>` → the victim folder, as a hostile or stale staging folder might hold. */
async function plantedLink(ctx: Ctx, inside: string): Promise<void> {
  const v = await victim(ctx.dir);
  const link = path.join(ctx.dir, '.out.partial', inside);
  await mkdir(path.dirname(link), { recursive: true });
  await symlink(v, link);
}

export const OUTPUT_CASES: Case[] = [
  // ── containment: config values and sheet cells that would lead out of the output ──
  prefixCase('"../../../../victim/" (--frames copy)', '../../../../victim/'),
  prefixCase('with a backslash', '..\\..\\victim\\'),
  prefixCase('with a NUL', 'a\u0000b'),
  prefixCase('absolute "/tmp/victim/"', '/tmp/victim/'),
  prefixCase('".."', '..'),
  outputCase(
    'a sheet clip cell ".." with --frames copy is an error naming the sheet row',
    1,
    ["subject 's01' / clip '..' would lead the folder pattern", 'annotations.csv, row 2'],
    async (ctx) => {
      await victim(ctx.dir);
      const lines = annotationLines();
      lines[1] = (lines[1] as string).replace('s01,c1,', 's01,..,');
      await writeAnnotations(ctx.root, `${lines.join('\n')}\n`);
      return { extra: ['--frames', 'copy'] };
    },
    victimIntact,
  ),
  outputCase(
    'a sheet subject cell "../../victim" with --frames copy is an error naming the sheet row',
    1,
    ["subject '../../victim' / clip 'c1' would lead the folder pattern", 'annotations.csv, row 2'],
    async (ctx) => {
      await victim(ctx.dir);
      const lines = annotationLines();
      lines[1] = (lines[1] as string).replace('s01,c1,', '../../victim,c1,');
      await writeAnnotations(ctx.root, `${lines.join('\n')}\n`);
      return { extra: ['--frames', 'copy'] };
    },
    victimIntact,
  ),
  // ── the writer's own guard: whatever the caller computed, nothing lands outside the staging folder ──
  outputCase(
    'a staging folder whose frames/<dataset> is a symlink out: the copy is refused, the target untouched',
    1,
    ({ dir }) => [
      'refusing to write',
      `outside the output's staging folder ${path.join(dir, '.out.partial')}`,
    ],
    async (ctx) => {
      await plantedLink(ctx, 'frames/mylab');
      return { extra: ['--frames', 'copy'] };
    },
    victimIntact,
  ),
  outputCase(
    'a staging folder whose frames/ is a symlink out: processing is refused, the target untouched',
    1,
    ({ out }) => ['refusing to write', `writes only inside its output folder ${out}`],
    async (ctx) => {
      await plantedLink(ctx, 'frames');
      return { extra: ['--frames', 'process', '--size', '16'] };
    },
    victimIntact,
  ),
  outputCase(
    'a staging symlink out, with a previous result and --on-error skip: refused, the previous result kept',
    1,
    ['refusing to write'],
    async (ctx) => {
      await previousResult(ctx);
      await plantedLink(ctx, 'frames/mylab/s02');
      return { extra: ['--frames', 'copy', '--overwrite', '--on-error', 'skip'] };
    },
    victimIntact,
  ),
  // ── the lock ──
  outputCase(
    'an output locked by a live run is refused, naming the pid and the lock file',
    1,
    ({ out, dir }) => [
      `${out}: another me-unify run (pid ${process.ppid}) is writing this output folder`,
      path.join(dir, '.out.lock'),
    ],
    async (ctx) => {
      await previousResult(ctx);
      await writeFile(path.join(ctx.dir, '.out.lock'), `${process.ppid}\n`);
      return { extra: ['--overwrite'] };
    },
  ),
  outputCase(
    'a stale lock of a dead run is taken over, and the run says so',
    0,
    ({ out }) => [
      /took over the lock .*\.out\.lock of an earlier run \(pid \d+\) that is no longer running/,
      out,
    ],
    async (ctx) => {
      await writeFile(path.join(ctx.dir, '.out.lock'), `${deadPid()}\n`);
      return {};
    },
  ),
  outputCase(
    'a lock from another host is refused whatever its pid (a shared disk: that run cannot be checked here)',
    1,
    ({ out, dir }) => [
      `${out}: another me-unify run (pid `,
      'on host lab-node-7.example',
      path.join(dir, '.out.lock'),
    ],
    async (ctx) => {
      await previousResult(ctx);
      await writeFile(path.join(ctx.dir, '.out.lock'), `${deadPid()}\nlab-node-7.example\n123\n`);
      return { extra: ['--overwrite'] };
    },
  ),
  outputCase(
    'a lock whose pid now belongs to a process started later (the pid was reused) is taken over',
    0,
    ({ out }) => [/took over the lock .*\.out\.lock of an earlier run \(pid \d+\)/, out],
    async (ctx) => {
      // a live process of this host, with a start time it never had
      await writeFile(path.join(ctx.dir, '.out.lock'), `${process.ppid}\n${os.hostname()}\n1\n`);
      return {};
    },
  ),
  outputCase(
    'a lock file holding no pid is taken over, and the run says so',
    0,
    ['took over the lock', 'no readable pid'],
    async (ctx) => {
      await writeFile(path.join(ctx.dir, '.out.lock'), '');
      return {};
    },
  ),
  outputCase(
    'combine into an output locked by a live run is refused',
    1,
    ({ dir }) => [`${path.join(dir, 'combined')}: another me-unify run (pid ${process.ppid})`],
    async (ctx) => {
      await previousResult(ctx);
      await writeFile(path.join(ctx.dir, '.combined.lock'), `${process.ppid}\n`);
      const combined = path.join(ctx.dir, 'combined');
      return { args: ['combine', ctx.out, '-o', combined], out: combined };
    },
  ),
  // ── -o naming a file ──
  outputCase(
    '-o naming a regular file is refused as a file, not as a non-empty folder',
    2,
    ({ dir }) => [`output ${path.join(dir, 'notes.txt')} is a file, not a folder`],
    async (ctx) => {
      const file = path.join(ctx.dir, 'notes.txt');
      await writeFile(file, 'my notes\n');
      return { out: file };
    },
    async (ctx) => expect(await readFile(path.join(ctx.dir, 'notes.txt'), 'utf8')).toBe('my notes\n'),
  ),
  outputCase(
    '-o naming a regular file with --overwrite is refused; the file is kept',
    2,
    ['is a file, not a folder', 'even with --overwrite'],
    async (ctx) => {
      const file = path.join(ctx.dir, 'notes.txt');
      await writeFile(file, 'my notes\n');
      return { out: file, extra: ['--overwrite'] };
    },
    async (ctx) => expect(await readFile(path.join(ctx.dir, 'notes.txt'), 'utf8')).toBe('my notes\n'),
  ),
  outputCase(
    '-o naming a symlink to a file with --overwrite is refused; link and file kept',
    2,
    ['is a file, not a folder'],
    async (ctx) => {
      await writeFile(path.join(ctx.dir, 'notes.txt'), 'my notes\n');
      const link = path.join(ctx.dir, 'notes-link');
      await symlink(path.join(ctx.dir, 'notes.txt'), link);
      return { out: link, extra: ['--overwrite'] };
    },
  ),
  // ── the output and the source, by real paths ──
  outputCase(
    '-o through a symlink into the source is refused (real paths compared)',
    2,
    ({ root }) => [/output .*srclink\/out \(really .*\/src\/out\) is inside the source folder/, root],
    async (ctx) => {
      await symlink(ctx.root, path.join(ctx.dir, 'srclink'));
      return { out: path.join(ctx.dir, 'srclink', 'out'), extra: ['--frames', 'copy'] };
    },
  ),
  outputCase(
    '-o a symlink to the source folder itself, with --overwrite, is refused',
    2,
    ['is inside the source folder'],
    async (ctx) => {
      await symlink(ctx.root, path.join(ctx.dir, 'srclink'));
      return { out: path.join(ctx.dir, 'srclink'), extra: ['--overwrite'] };
    },
  ),
  outputCase(
    '-o a symlink to a folder holding the source, with --overwrite, is refused',
    2,
    ['contains the source folder'],
    async (ctx) => {
      await symlink(ctx.dir, path.join(ctx.dir, 'up'));
      return { out: path.join(ctx.dir, 'up'), extra: ['--overwrite'] };
    },
  ),
  outputCase(
    '-o the folder above the source, with --overwrite, is refused',
    2,
    ['contains the source folder'],
    async (ctx) => ({ out: ctx.dir, extra: ['--overwrite'] }),
  ),
  outputCase(
    '-o written with ".." into the source is refused',
    2,
    ['is inside the source folder'],
    async (ctx) => ({ out: `${ctx.root}/frames/../out` }),
  ),
  // ── non-UTF-8 arguments ──
  outputCase(
    '-o with a U+FFFD that names nothing is refused as not UTF-8; no folder is created',
    2,
    ['is not valid UTF-8', 'U+FFFD'],
    async (ctx) => ({ out: path.join(ctx.dir, 'r\uFFFDsultats') }),
  ),
  outputCase(
    'a root folder whose name is not UTF-8 is refused as not UTF-8, not as "not a folder"',
    2,
    ['is not valid UTF-8', 'rename it to a UTF-8 name'],
    async (ctx) => {
      // 'données' in Latin-1 bytes, a link to the dataset; Node hands the name over with U+FFFD
      const latin1 = Buffer.concat([Buffer.from(`${ctx.dir}/donn`), Buffer.from([0xe9]), Buffer.from('es')]);
      await symlink(ctx.root, latin1);
      return { args: convertArgs(ctx, `${ctx.dir}/donn\uFFFDes`, ctx.out) };
    },
  ),
  outputCase(
    'a root folder whose name really holds U+FFFD is read as given',
    0,
    ['converted 6 samples'],
    async (ctx) => {
      const named = path.join(ctx.dir, 'src-\uFFFD');
      await rename(ctx.root, named);
      return { args: convertArgs(ctx, named, ctx.out), source: named };
    },
  ),
];
