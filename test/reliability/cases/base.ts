import { readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { expect } from 'vitest';
import { bmpPalette } from '../../../fixtures/bmp.js';
import { casme2SheetRows, makeCasme2 } from '../../../fixtures/casme2.js';
import { writeWorkbook } from '../../../fixtures/sheets.js';
import {
  annotationLines,
  type Case,
  convertCustomCase,
  corpusFixtures,
  custom,
  editConfig,
  editManifest,
  encryptedXlsx,
  expectNoPollution,
  F3,
  protoCommentXlsx,
  validateCase,
  writeAnnotations,
} from '../corpus-harness.js';
import { ANNOTATIONS, frameFile, MANIFEST_CSV, makeCustomDataset } from '../custom-dataset.js';
import { expectPollutesNaively, HOSTILE_EXTRA, mergeExtras } from './input.js';
// The first bad-input corpus (issue 8): custom datasets, manifests, sheets, configs, frames.
export const BASE_CASES: Case[] = [
  validateCase(
    'a clean hand-written CSV manifest passes',
    async () => {},
    ['valid: 6 samples, 0 errors'],
    0,
    ['--labels', 'megc2019'],
  ),
  // ── frames, through `validate` on a hand-written manifest ──
  validateCase('zero-byte JPEG', (s) => writeFile(path.join(s, F3), ''), [
    `frame '${F3}' is empty (0 bytes)`,
    'manifest.csv, row 2',
  ]),
  validateCase(
    'truncated JPEG',
    (s) =>
      writeFile(
        path.join(s, F3),
        corpusFixtures.jpeg.subarray(0, Math.floor(corpusFixtures.jpeg.length / 2)),
      ),
    [`frame '${F3}' is a truncated JPEG (no end-of-image marker FFD9)`],
  ),
  validateCase('text file named .jpg', (s) => writeFile(path.join(s, F3), 'this is not an image\n'), [
    `frame '${F3}' is a text file, not an image`,
  ]),
  validateCase(
    'BMP with unsupported (RLE8) compression',
    async (s) => {
      const bmp = Buffer.from(bmpPalette(8, 8, 1)[0] as Buffer);
      bmp.writeUInt32LE(1, 30); // BI_RLE8
      await unlink(path.join(s, F3));
      await writeFile(path.join(s, F3.replace('.jpg', '.bmp')), bmp);
    },
    [
      `frame '${F3.replace('.jpg', '.bmp')}' is not a BMP me-unify can read: compressed with RLE8, which is not supported`,
    ],
  ),
  validateCase(
    'corrupt TIFF',
    async (s) => {
      await unlink(path.join(s, F3));
      await writeFile(
        path.join(s, F3.replace('.jpg', '.tif')),
        Buffer.concat([Buffer.from('II*\0'), Buffer.alloc(60, 0xee)]),
      );
    },
    [`frame '${F3.replace('.jpg', '.tif')}' cannot be decoded as TIFF`],
  ),
  validateCase(
    'duplicate sample ids',
    (s) =>
      editManifest(s, (l) => {
        l[3] = (l[3] as string).replace('mylab/s02/c1,', 'mylab/s01/c2,');
      }),
    ["id 'mylab/s01/c2' already used on line 3; expected unique ids", 'manifest.csv, row 4'],
  ),
  validateCase(
    'frame path escaping with ../',
    async (s) => {
      await writeFile(path.join(s, '..', 'outside.jpg'), corpusFixtures.jpeg);
      await editManifest(s, (l) => {
        l[0] = 'id,subject,fps,frames_dir,onset,apex,offset,emotion,label,split,frames';
        l[1] = 'a,s,100,,0,,0,,,,../outside.jpg';
      });
    },
    ["frame path '../outside.jpg' leaves the dataset folder .; expected frames inside it"],
  ),
  validateCase(
    'absolute frame path',
    (s) =>
      editManifest(s, (l) => {
        l[0] = 'id,subject,fps,onset,offset,frames';
        l.splice(1, l.length - 1, `a,s,100,0,0,${path.join(s, F3)}`);
      }),
    [`frame path '`, `img0003.jpg' is absolute; expected a path relative to the manifest`],
  ),
  validateCase(
    'symlink pointing outside the dataset',
    async (s) => {
      await writeFile(path.join(s, '..', 'secret.jpg'), corpusFixtures.jpeg);
      await unlink(path.join(s, F3));
      await symlink(path.join(s, '..', 'secret.jpg'), path.join(s, F3));
    },
    [`frame '${F3}' is a symlink to `, 'secret.jpg, outside the dataset folder'],
  ),
  validateCase(
    'symlink loop',
    async (s) => {
      await unlink(path.join(s, F3));
      await symlink('loop.jpg', path.join(s, F3));
      await symlink('img0003.jpg', path.join(s, path.dirname(F3), 'loop.jpg'));
    },
    [`frame '${F3}' is a symlink loop`],
  ),
  validateCase(
    'indices out of range',
    (s) =>
      editManifest(s, (l) => {
        l[1] = (l[1] as string).replace(',1,3,4,', ',1,3,9,');
      }),
    ['offset 9 is past the last frame (index 5)'],
  ),
  validateCase(
    'frames out of order',
    (s) =>
      editManifest(s, (l) => {
        l[0] = 'id,subject,fps,onset,offset,frames';
        l.splice(1, l.length - 1, `a,s,100,0,1,${frameFile('s01', 'c1', 2)};${frameFile('s01', 'c1', 1)}`);
      }),
    [`frame '${frameFile('s01', 'c1', 1)}' (number 1) comes after '${frameFile('s01', 'c1', 2)}' (number 2)`],
  ),
  validateCase(
    'implausible fps',
    (s) =>
      editManifest(s, (l) => {
        l[2] = (l[2] as string).replace(',100,', ',5000,');
      }),
    ['fps 5000 is not a plausible frame rate', 'mylab/s01/c2'],
  ),
  validateCase(
    'label outside the declared profile',
    (s) =>
      editManifest(s, (l) => {
        l[1] = (l[1] as string).replace(',positive,', ',happy,');
      }),
    [
      "label 'happy' is not a class of profile 'megc2019' (--labels); expected one of negative, positive, surprise",
    ],
    1,
    ['--labels', 'megc2019'],
  ),
  validateCase(
    'subject in two declared splits',
    (s) =>
      editManifest(s, (l) => {
        l[6] = (l[6] as string).replace(/,test$/, ',train');
      }),
    ["subject 'mylab/s03' appears in several splits: test (e.g. mylab/s03/c1), train (e.g. mylab/s03/c2)"],
  ),
  validateCase(
    'frames_dir that does not exist',
    (s) =>
      editManifest(s, (l) => {
        l[2] = (l[2] as string).replace('frames/s01/c2', 'frames/s09/c2');
      }),
    ["frames_dir 'frames/s09/c2' is not a folder", 'manifest.csv, row 3'],
  ),
  {
    name: 'JSONL manifest with a broken line',
    code: 1,
    messages: ['not valid JSON', 'manifest.jsonl, row 2'],
    async setup(dir) {
      const { root } = await custom(dir);
      await writeFile(path.join(root, 'manifest.jsonl'), '{"id":\n{"id": "x"\n');
      return { args: ['validate', path.join(root, 'manifest.jsonl')], source: root };
    },
  },
  validateCase(
    'CSV manifest with a BOM and CRLF line ends (accepted)',
    (s) => writeFile(path.join(s, 'manifest.csv'), `\uFEFF${MANIFEST_CSV.replaceAll('\n', '\r\n')}\r\n`),
    ['valid: 6 samples, 0 errors'],
    0,
  ),
  validateCase(
    'CSV manifest with __proto__ / constructor keys in extra and a constructor column (no pollution downstream)',
    (s) =>
      editManifest(s, (l) => {
        l[0] = `${l[0]},extra,constructor`;
        const extra = `"${HOSTILE_EXTRA.replaceAll('"', '""')}"`;
        for (let i = 1; i < l.length; i++) l[i] = `${l[i]},${extra},yes`;
      }),
    ['valid: 6 samples, 0 errors'],
    0,
    [],
    async (dir) => {
      // the same text pollutes a naive JSON.parse + deep merge; me-unify's samples do not
      expectPollutesNaively(HOSTILE_EXTRA);
      await mergeExtras(path.join(dir, 'src', 'manifest.csv'));
    },
  ),
  validateCase(
    'CSV manifest that is not valid CSV',
    (s) => writeFile(path.join(s, 'manifest.csv'), `${MANIFEST_CSV}\nx,s,100,frames/s01/c1,0,,0,"unclosed\n`),
    [/manifest\.csv: not a readable CSV file \(Quote Not Closed/],
  ),

  // ── sheets, through the custom adapter ──
  convertCustomCase(
    'sheet missing a required column',
    (s) =>
      writeAnnotations(
        s,
        annotationLines()
          .map((l) => l.split(',').slice(0, 4).concat(l.split(',').slice(5)).join(','))
          .join('\n'),
      ),
    [
      /annotations\.csv, tab 'annotations\.csv', row 1: missing column 'Offset' \(columns\.offset in src\.config\.json\)/,
    ],
  ),
  convertCustomCase('header-less sheet', (s) => writeAnnotations(s, annotationLines().slice(1).join('\n')), [
    "no header row with the columns 'Subject', 'Clip', 'Onset', 'Offset', 'Apex', 'Emotion', 'AUs'",
    'the first non-empty row is',
  ]),
  convertCustomCase(
    'wrong cell types',
    (s) =>
      writeAnnotations(
        s,
        annotationLines()
          .map((l, i) => (i === 2 ? l.replace(',2,4,5,', ',two,4,5,') : l))
          .join('\n'),
      ),
    ["'Onset' 'two' is not a whole number", '[annotations.csv, row 3]', 'conversion stopped: 1 error'],
  ),
  convertCustomCase(
    'a bad row with --on-error skip converts the rest',
    (s) =>
      writeAnnotations(
        s,
        annotationLines()
          .map((l, i) => (i === 2 ? l.replace(',2,4,5,', ',two,4,5,') : l))
          .join('\n'),
      ),
    ['converted 5 samples', 'skipped 1 sample'],
    0,
    ['--on-error', 'skip'],
  ),
  convertCustomCase(
    'sheet whose emotion column is headed __proto__ (read by name, not through an object prototype)',
    async (s, config) => {
      await writeAnnotations(s, annotationLines().join('\n').replace(',Emotion,', ',__proto__,'));
      await editConfig(config, (c) => {
        (c.columns as Record<string, unknown>).emotion = '__proto__';
      });
    },
    ['converted 6 samples'],
    0,
    [],
    async (dir) => {
      const header = (annotationLines()[0] as string).replace(',Emotion,', ',__proto__,').split(',');
      const row = (annotationLines()[1] as string).split(',');
      // a naive header → object reader loses the column: assigning to __proto__ sets nothing
      const naive: Record<string, unknown> = {};
      header.forEach((h, i) => {
        naive[h] = row[i];
      });
      expect(Object.keys(naive)).not.toContain('__proto__');
      expect(Object.values(naive)).not.toContain('happiness');
      // me-unify reads it by name: every emotion is the sheet's
      const emotions = (await readFile(path.join(dir, 'out', 'manifest.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { emotion: string | null }).emotion);
      expect(emotions).toEqual(['happiness', 'disgust', 'surprise', 'happiness', 'disgust', 'surprise']);
      expectNoPollution();
    },
  ),
  convertCustomCase(
    '.xlsx with a comment anchored at __proto__ (no prototype pollution)',
    async (s, config) => {
      const file = protoCommentXlsx();
      const zip = XLSX.CFB.read(file, { type: 'buffer' });
      const entry = zip.FileIndex[zip.FullPaths.findIndex((p: string) => p.endsWith('xl/comments1.xml'))];
      expect(Buffer.from(entry?.content as Uint8Array).toString()).toContain('ref="__proto__"');
      await writeFile(path.join(s, 'annotations.xlsx'), file);
      await editConfig(config, (c) => {
        (c.sheet as Record<string, unknown>).file = 'annotations.xlsx';
      });
    },
    ['converted 6 samples'],
    0,
    [],
    () => expectNoPollution(),
  ),
  convertCustomCase(
    'password-protected .xlsx',
    async (s, config) => {
      await writeFile(path.join(s, 'annotations.xlsx'), encryptedXlsx());
      await editConfig(config, (c) => {
        (c.sheet as Record<string, unknown>).file = 'annotations.xlsx';
      });
    },
    [
      /annotations\.xlsx: cannot read this spreadsheet \(it is password-protected; save an unprotected copy\)/,
    ],
  ),
  convertCustomCase(
    'non-zip .xlsx (a text file renamed)',
    async (s, config) => {
      await writeFile(path.join(s, 'annotations.xlsx'), ANNOTATIONS);
      await editConfig(config, (c) => {
        (c.sheet as Record<string, unknown>).file = 'annotations.xlsx';
      });
    },
    [/annotations\.xlsx: not an \.xlsx file \(it starts with bytes 5375626a, not a zip archive\)/],
  ),
  convertCustomCase(
    'annotation CSV with a BOM and CRLF line ends (accepted)',
    (s) => writeAnnotations(s, `\uFEFF${ANNOTATIONS.replaceAll('\n', '\r\n')}\r\n`),
    ['converted 6 samples from 3 subjects of mylab'],
    0,
  ),
  convertCustomCase('frame folder with a gap', (s) => unlink(path.join(s, F3)), [
    'frames.range mylab/s01/c1',
    'frames/s01/c1/: frames missing between onset and offset: 3',
    '[annotations.csv, row 2]',
  ]),
  convertCustomCase(
    'duplicate frame numbers',
    (s) => writeFile(path.join(s, 'frames/s01/c1/img03.jpg'), corpusFixtures.jpeg),
    [
      'frames/s01/c1/: frame number 3 is written by several files (img0003.jpg, img03.jpg); expected one file per frame',
    ],
  ),
  convertCustomCase(
    'non-UTF-8 frame file name',
    (s) =>
      writeFile(
        Buffer.concat([
          Buffer.from(path.join(s, 'frames/s02/c1/img0007')),
          Buffer.from([0xff]),
          Buffer.from('.jpg'),
        ]),
        corpusFixtures.jpeg,
      ),
    [
      'frames.bad-name mylab/s02/c1',
      'frames/s02/c1/: 1 frame file name is not valid UTF-8 ("img0007\uFFFD.jpg"',
    ],
  ),
  convertCustomCase(
    'sheet text steering the frame folder out of the dataset',
    (s) =>
      writeAnnotations(
        s,
        annotationLines()
          .map((l, i) => (i === 1 ? l.replace('s01,c1', 's01,..') : l))
          .join('\n'),
      ),
    [
      "subject 's01' / clip '..' would lead the folder pattern 'frames/{subject}/{clip}' out of the dataset folder",
    ],
  ),
  convertCustomCase('clip folder missing', (s) => rm(path.join(s, 'frames/s02/c2'), { recursive: true }), [
    "no folder frames/s02/c2/ for this sheet row; expected the clip's frames there",
    '[annotations.csv, row 5]',
  ]),
  convertCustomCase(
    'custom config with several mistakes',
    (_s, config) =>
      editConfig(config, (c) => {
        c.fps = 'fast';
        (c.columns as Record<string, unknown>).onset = 3;
        (c.frames as Record<string, unknown>).folder = 'frames/{subject}';
        c.colums = {};
      }),
    [
      /src\.config\.json: not a valid custom adapter config \(4 problems\)/,
      'fps: Invalid input: expected number',
      'columns.onset: Invalid input: expected string',
      'frames.folder: expected a pattern holding {clip}',
      'Unrecognized key: "colums"',
    ],
    2,
  ),
  convertCustomCase(
    'custom config that is not JSON',
    (_s, config) => writeFile(config, '{ dataset: mylab }'),
    [/src\.config\.json: not valid JSON/],
    2,
  ),
  {
    name: '--format custom without --config',
    code: 2,
    messages: ['--format custom needs --config <file.json>'],
    async setup(dir) {
      const { root, out } = await custom(dir);
      return { args: ['convert', root, '-o', out, '--format', 'custom'], source: root };
    },
  },
  convertCustomCase(
    'unknown --on-error policy',
    async () => {},
    ["expected one of fail, skip, got 'ignore'"],
    2,
    ['--on-error', 'ignore'],
  ),
  {
    name: 'output folder inside the source',
    code: 2,
    messages: [
      /output .*src\/out is inside the source folder .*src; me-unify never writes into a source tree/,
    ],
    async setup(dir) {
      const { root, config } = await custom(dir);
      return {
        args: ['convert', root, '-o', path.join(root, 'out'), '--format', 'custom', '--config', config],
        source: root,
      };
    },
  },
  {
    name: 'existing non-empty output folder',
    code: 2,
    messages: [/output folder .*\/out is not empty; pass --overwrite to replace it/],
    async setup(dir) {
      const { root, config, out } = await custom(dir);
      await writeFile(path.join(dir, 'keep.txt'), 'x');
      await makeCustomDataset(out); // someone's data, which must survive
      return { args: ['convert', root, '-o', out, '--format', 'custom', '--config', config], source: dir };
    },
  },

  // ── CASME II: the reference adapter on broken downloads ──
  {
    name: 'CASME II: frame folder with a gap',
    code: 1,
    messages: [
      /frames\.range casme2\/sub01\/\S+: CASME2_RAW_selected\/sub01\/\S+\/: frames missing between onset and offset: \d+/,
    ],
    async setup(dir) {
      const root = path.join(dir, 'CASME2');
      const { rows } = await makeCasme2({ root });
      const r = rows[0];
      if (!r) throw new Error('no rows');
      await unlink(
        path.join(root, 'CASME2_RAW_selected', `sub${r.subject}`, r.filename, `img${r.onset + 1}.jpg`),
      );
      return { args: ['convert', root, '-o', path.join(dir, 'out')], source: root };
    },
  },
  {
    name: 'CASME II: duplicate frame numbers',
    code: 1,
    messages: [
      /frames\.duplicate casme2\/sub01\/\S+: .*frame number (\d+) is written by several files \(img0\1\.jpg, img\1\.jpg\)/,
    ],
    async setup(dir) {
      const root = path.join(dir, 'CASME2');
      const { rows } = await makeCasme2({ root });
      const r = rows[0];
      if (!r) throw new Error('no rows');
      await writeFile(
        path.join(root, 'CASME2_RAW_selected', `sub${r.subject}`, r.filename, `img0${r.onset}.jpg`),
        corpusFixtures.jpeg,
      );
      return { args: ['convert', root, '-o', path.join(dir, 'out')], source: root };
    },
  },
  {
    name: 'CASME II: wrong cell type in OnsetFrame',
    code: 1,
    messages: ["OnsetFrame 'soon' is not a whole number", '[CASME2-coding-20140508.xlsx, row 2]'],
    async setup(dir) {
      const root = path.join(dir, 'CASME2');
      const { rows } = await makeCasme2({ root, sheet: 'none' });
      const data = casme2SheetRows(rows, '20140508');
      (data[1] as unknown[])[3] = 'soon';
      await writeWorkbook(path.join(root, 'CASME2-coding-20140508.xlsx'), [{ name: 'Sheet1', rows: data }]);
      return { args: ['convert', root, '-o', path.join(dir, 'out')], source: root };
    },
  },
  {
    name: 'CASME II: coding sheet missing a required column',
    code: 1,
    messages: [
      /CASME2-coding-20140508\.xlsx: no sheet with a CASME II header; expected columns Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame/,
    ],
    async setup(dir) {
      const root = path.join(dir, 'CASME2');
      const { rows } = await makeCasme2({ root, sheet: 'none' });
      const data = casme2SheetRows(rows, '20140508').map((r) => r.filter((_, c) => c !== 5));
      await writeWorkbook(path.join(root, 'CASME2-coding-20140508.xlsx'), [{ name: 'Sheet1', rows: data }]);
      return { args: ['convert', root, '-o', path.join(dir, 'out')], source: root };
    },
  },
];
