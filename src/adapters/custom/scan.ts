import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseActionUnits } from '../../aus/parse.js';
import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { type FrameListing, frameNumber } from '../../sources/frames.js';
import { isFile, isInside, relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { SHEET_OPTION } from '../define.js';
import { locateClip, sampleFrames } from '../kit/clip.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { type CustomConfig, loadCustomConfig } from './config.js';
import { type CustomRow, readCustomSheet } from './sheet.js';

/** The custom adapter's options: its config, and a sheet to read instead of the config's. */
export const CustomOptionsSchema = z
  .object({
    config: z
      .string()
      .min(1)
      .optional()
      .describe('the JSON config mapping sheet columns and frame folders (--config)'),
    sheet: SHEET_OPTION,
  })
  .strict();

/** Reads the sheet the config names through its column mapping; one sample per row. */
export async function scanCustom(
  root: string,
  ctx: ScanContext<z.output<typeof CustomOptionsSchema>>,
): Promise<ScanResult> {
  const { issues, options } = ctx;
  const { file: configFile, config, text } = await loadCustomConfig(options.config);
  const configName = path.basename(configFile);
  const sheetFile = options.sheet ? path.resolve(options.sheet) : path.resolve(root, config.sheet.file);
  if (!(await isFile(sheetFile)))
    throw new MeUnifyError(
      `${sheetFile}: no such sheet (sheet.file in ${configName} is '${config.sheet.file}', relative to the dataset folder ${root})`,
      { file: sheetFile },
    );
  if (!options.sheet) await sheetInsideDataset(root, sheetFile, config.sheet.file, configName);
  const relSheet = relativePosix(root, sheetFile);
  const workbook = await readWorkbook(sheetFile);
  const sheet = readCustomSheet(workbook, relSheet, config, configFile, issues);
  const result = await rowsToSamples(
    {
      rows: sheet.rows,
      idOf: (row) => `${config.dataset}/${subjectId(row.subject, config)}/${row.clip}`,
      where: (row) => ({ file: relSheet, row: row.row }),
      build: (row, id) => buildSample(root, row, id, config, { relSheet, tab: sheet.tab }, issues),
    },
    issues,
  );
  return {
    root,
    layout: null,
    samples: result.built,
    sources: [
      { file: relSheet, sha256: workbook.sha256, version: 'custom', rows: sheet.dataRows },
      {
        file: configName,
        sha256: createHash('sha256').update(text).digest('hex'),
        version: 'custom-config',
        rows: null,
      },
    ],
    dataset: { id: config.dataset, title: config.title ?? config.dataset },
    details: { adapter: 'custom', sheet_name: sheet.tab, folder: config.frames.folder },
    rejected: sheet.rejected + result.failed,
  } satisfies ScanResult;
}

/** sheet.file, symlinks resolved, must stay in the dataset folder (as frames.folder must). */
async function sheetInsideDataset(root: string, sheetFile: string, written: string, configName: string) {
  const [realRoot, realSheet] = await Promise.all([realpath(root), realpath(sheetFile)]);
  if (!isInside(realRoot, realSheet))
    throw new MeUnifyError(
      `${sheetFile}: sheet.file '${written}' in ${configName} is a symlink to ${realSheet}, outside the dataset folder ${root}; expected the annotation sheet inside it`,
      { file: sheetFile, exitCode: 2 },
    );
}

function subjectId(subject: string, config: CustomConfig): string {
  const padded = /^\d+$/.test(subject) ? subject.padStart(config.subject_pad, '0') : subject;
  return `${config.subject_prefix}${padded}`;
}

/** The clip folder from `frames.folder`; sheet text may not steer it out of the dataset folder. */
function clipFolder(root: string, row: CustomRow, config: CustomConfig): string | null {
  const subject = /^\d+$/.test(row.subject) ? row.subject.padStart(config.subject_pad, '0') : row.subject;
  for (const value of [subject, row.clip]) if (/[\\/]|^\.\.?$/.test(value)) return null;
  const dir = path.resolve(
    root,
    config.frames.folder.replaceAll('{subject}', subject).replaceAll('{clip}', row.clip),
  );
  return isInside(root, dir) ? dir : null;
}

/** Applies `frames.file` (`img{frame}.jpg`): only matching names are frames, numbered by `{frame}`. */
function filterFrames(listing: FrameListing, pattern: string | undefined): FrameListing {
  if (!pattern) return listing;
  const [before, after] = pattern
    .split('{frame}')
    .map((p) => (p ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`^${before}(\\d+)${after}$`, 'i');
  const frames = listing.frames
    .filter((f) => re.test(f.name))
    .map((f) => ({ ...f, number: Number(re.exec(f.name)?.[1] ?? frameNumber(f.name)) }))
    .sort((a, b) => a.number - b.number);
  return { ...listing, frames };
}

async function buildSample(
  root: string,
  row: CustomRow,
  id: string,
  config: CustomConfig,
  sheet: { relSheet: string; tab: string },
  issues: IssueLog,
): Promise<SourceSample | null> {
  const where = { sample: id, file: sheet.relSheet, row: row.row };
  const dir = clipFolder(root, row, config);
  if (!dir) {
    issues.error(
      'frames.folder-outside',
      `subject '${row.subject}' / clip '${row.clip}' would lead the folder pattern '${config.frames.folder}' out of the dataset folder; expected plain names`,
      where,
    );
    return null;
  }
  const clip = await locateClip(
    {
      root,
      dir,
      where,
      onset: row.onset,
      apex: row.apex,
      offset: row.offset,
      filter: (l) => filterFrames(l, config.frames.file),
    },
    issues,
  );
  if (!clip) return null;
  const aus = parseActionUnits(row.aus);
  return {
    id,
    dataset: config.dataset,
    subset: null,
    subject: `${config.population ?? config.dataset}/${subjectId(row.subject, config)}`,
    event: null,
    clip: row.clip,
    kind: config.kind,
    fps: config.fps,
    // frames, onset/apex/offset indices, source_frames, apex_source
    ...sampleFrames(clip),
    emotion: row.emotion,
    aus: aus.aus,
    aus_raw: row.aus,
    source: { directory: clip.directory, sheet: sheet.relSheet, sheet_name: sheet.tab, row: row.row },
    extra: {},
  };
}
