import path from 'node:path';
import { z } from 'zod';
import { MeUnifyError, usageError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import type { SourceFingerprint } from '../../schema/dataset.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook, type Workbook } from '../../sources/sheet.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { LAYOUT_OPTION, SHEET_OPTION } from '../define.js';
import { chooseSheet } from '../kit/choose-sheet.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { reportUnlistedFolders } from '../kit/unlisted-folders.js';
import { CASME3_LAYOUTS, type Casme3Files, findCasme3Files } from './layout.js';
import {
  buildPartASample,
  fromLabel,
  fromSpotting,
  type PartAFrames,
  type PartARow,
  partAId,
  taskVideo,
} from './part-a.js';
import { buildPartCSample, partCId } from './part-c.js';
import { readLabelSheet, readPartCSheet, readSpottingSheet } from './sheet.js';
import { labelSheets, labelSheetVersion, partCSheets, spottingSheets } from './sheets.js';

export const Casme3OptionsSchema = z
  .object({
    layout: LAYOUT_OPTION,
    sheet: SHEET_OPTION,
    spotting_sheet: z
      .string()
      .min(1)
      .optional()
      .describe('the Part A spotting sheet (CAS(ME)3_part_A_v2.xls) to use instead of the one found'),
  })
  .strict();
type Options = z.output<typeof Casme3OptionsSchema>;

interface Found {
  file: string;
  rel: string;
  wb: Workbook;
}

interface Collected {
  samples: SourceSample[];
  sources: SourceFingerprint[];
  rejected: number;
  details: Record<string, unknown>;
}

export async function scanCasme3(root: string, ctx: ScanContext<Options>): Promise<ScanResult> {
  const { issues, options } = ctx;
  const files = await findCasme3Files(root);
  const labelFiles = labelSheets(files.sheets);
  const spottingFiles = spottingSheets(files.sheets);
  const partCFiles = partCSheets(files.sheets);
  if (
    !options.sheet &&
    !options.spotting_sheet &&
    [labelFiles, spottingFiles, partCFiles].every((l) => l.length === 0)
  )
    throw new MeUnifyError(
      `${root}: no CAS(ME)^3 annotation sheet found; expected cas(me)3_part_A_ME_label_JpgIndex_v2.xlsx (or CAS(ME)3_part_A_v2.xls, CAS(ME)3_part_C_ME.xlsx) in this folder or its annotation/ folder, or pass --sheet <file>`,
      { file: root },
    );
  const out: Collected = { samples: [], sources: [], rejected: 0, details: {} };
  const layout = await scanPartA(root, files, labelFiles, spottingFiles, options, issues, out);
  await scanPartC(root, files, partCFiles, issues, out);
  return {
    root,
    layout,
    samples: out.samples,
    sources: out.sources,
    details: out.details,
    rejected: out.rejected,
  };
}

async function open(root: string, file: string): Promise<Found> {
  return { file, rel: relativePosix(root, file), wb: await readWorkbook(file) };
}

/** Part A from the label sheet and/or the spotting sheet; returns the frame layout read. */
async function scanPartA(
  root: string,
  files: Casme3Files,
  labelFiles: string[],
  spottingFiles: string[],
  options: Options,
  issues: IssueLog,
  out: Collected,
): Promise<string | null> {
  const pick = (given: string | undefined, found: string[], what: string) =>
    given || found.length > 0
      ? chooseSheet({ root, given, found, what, missing: `no ${what} found` }, issues)
      : null;
  const labelFile = pick(options.sheet, labelFiles, 'JpgIndex label sheet');
  const spottingFile = pick(options.spotting_sheet, spottingFiles, 'spotting sheet');
  if (!labelFile && !spottingFile) return null;

  const rows: PartARow[] = [];
  const labelled = new Set<string>();
  if (labelFile) {
    const f = await open(root, labelFile);
    const sheet = readLabelSheet(f.wb, f.rel, issues);
    if (!sheet)
      throw new MeUnifyError(
        `${labelFile}: no tab with the JpgIndex header; expected columns Subject, Filename, Onset, Apex, Offset, AU, Objective class, emotion`,
        { file: labelFile },
      );
    const version = labelSheetVersion(f.wb, sheet);
    issues.info(
      'sheet.version',
      `read ${sheet.dataRows} rows of tab '${sheet.sheetName}', recognised as ${version}`,
      {
        file: f.rel,
      },
    );
    out.sources.push({ file: f.rel, sha256: f.wb.sha256, version, rows: sheet.dataRows });
    out.rejected += sheet.rejected;
    out.details.label_sheet_version = version;
    for (const r of sheet.rows) {
      rows.push(fromLabel(r, f.rel, sheet.sheetName));
      labelled.add(`${taskVideo(r)}|${r.onset}`);
    }
  }
  if (spottingFile) {
    const f = await open(root, spottingFile);
    const sheet = readSpottingSheet(f.wb, f.rel, issues);
    if (!sheet)
      throw new MeUnifyError(
        `${spottingFile}: no tab with the spotting header; expected columns Subject, Filename, Onset, Apex, Offset, Expression type`,
        { file: spottingFile },
      );
    const version = `casme3-part-a-spotting (${path.basename(spottingFile)})`;
    out.sources.push({ file: f.rel, sha256: f.wb.sha256, version, rows: sheet.dataRows });
    out.rejected += sheet.rejected;
    let shared = 0;
    for (const r of sheet.rows) {
      // its micro rows appear to be the label sheet's (docs/datasets-more.md §2.4 b, inferred): one sample each
      if (r.type === 'micro' && labelled.has(`${taskVideo(r)}|${r.onset}`)) {
        shared++;
        continue;
      }
      if (r.type === 'micro' && labelFile)
        issues.warn(
          'casme3.spotting-only',
          `${r.subject.written} ${r.filename.written} Onset ${r.onset}: a Micro-expression row with no row of that task video and onset in the label sheet; converted without an emotion`,
          { file: f.rel, row: r.row },
        );
      rows.push(fromSpotting(r, f.rel, sheet.sheetName));
    }
    out.details.spotting_rows_in_label_sheet = shared;
  }

  const frames = chooseFrames(root, files, options.layout, issues);
  const result = await rowsToSamples(
    {
      rows,
      idOf: (r: PartARow) => partAId(r),
      describe: (r) => `${r.subject.written} ${r.filename.written} Onset ${r.onset} (${r.kind})`,
      where: (r) => ({ file: r.sheet, row: r.row }),
      build: (r, id) => buildPartASample(root, frames, r, id, issues),
    },
    issues,
  );
  out.samples.push(...result.built);
  out.rejected += result.failed;
  out.details.part_a_layout_folder = relativePosix(root, frames.tree.dir);
  if (frames.layout === 'me-clips') {
    const { tree } = frames;
    await reportUnlistedFolders(
      root,
      [{ dir: tree.dir, idOf: (clip) => idOfClipFolder(tree.clips, clip) }],
      result.listed,
      'JpgIndex label sheet',
      issues,
    );
  }
  return frames.layout;
}

/** The sample id an ME-clip folder would have (`spNO.1_a_355` → `casme3/spNO.1/spNO.1_a_355`). */
function idOfClipFolder(clips: ReadonlyMap<string, string>, folder: string): string {
  for (const [key, name] of clips) {
    if (name !== folder) continue;
    const [subject, task, onset] = key.split('|');
    return `casme3/${subject}/${subject}_${task}_${onset}`;
  }
  return folder;
}

function chooseFrames(
  root: string,
  files: Casme3Files,
  wanted: string | undefined,
  issues: IssueLog,
): PartAFrames {
  if (wanted && !(CASME3_LAYOUTS as readonly string[]).includes(wanted))
    throw usageError(`unknown --layout '${wanted}' for CAS(ME)^3; expected ${CASME3_LAYOUTS.join(', ')}`);
  const task = files.taskVideos[0];
  const clips = files.meClips[0];
  if (wanted === 'me-clips' || (!task && clips && wanted !== 'task-videos')) {
    if (clips) return { layout: 'me-clips', tree: clips };
  } else if (task) {
    if (task && clips)
      issues.info(
        'layout.several',
        'frame layouts present: task-videos, me-clips; reading task-videos (choose with --layout)',
        {
          file: relativePosix(root, task.dir),
        },
      );
    if (files.taskVideos.length > 1)
      issues.info(
        'layout.several',
        `several Part A frame trees (${files.taskVideos.map((t) => relativePosix(root, t.dir)).join(', ')}); reading ${relativePosix(root, task.dir)}`,
        { file: relativePosix(root, task.dir) },
      );
    return { layout: 'task-videos', tree: task };
  }
  throw new MeUnifyError(
    `${root}: no CAS(ME)^3 Part A frames found${wanted ? ` for --layout ${wanted}` : ''}; expected data/part_A/spNO.1/a/color/0.jpg … (task videos) or Part_A_ME_clip/frame/spNO.1_a_355/ (ME clips)`,
    { file: root },
  );
}

async function scanPartC(
  root: string,
  files: Casme3Files,
  partCFiles: string[],
  issues: IssueLog,
  out: Collected,
): Promise<void> {
  const file = partCFiles[0];
  if (!file) return;
  const f = await open(root, file);
  const sheet = readPartCSheet(f.wb, f.rel, issues);
  if (!sheet) {
    issues.warn('casme3.part-c', `no tab with Part C's header (sub, count, onset, offset); Part C not read`, {
      file: f.rel,
    });
    return;
  }
  out.sources.push({ file: f.rel, sha256: f.wb.sha256, version: 'casme3-part-c-me', rows: sheet.dataRows });
  out.rejected += sheet.rejected;
  const tree = files.partC[0];
  if (!tree) {
    issues.warn(
      'casme3.part-c',
      `no Part C frames (part_C/.../01/a/color/) beside this sheet; its ${sheet.rows.length} rows are not converted`,
      {
        file: f.rel,
      },
    );
    out.rejected += sheet.rows.length;
    return;
  }
  issues.info(
    'apex.not-annotated',
    "Part C's sheet has no apex column (docs/datasets-more.md §2.4 c); its apexes are unknown",
    {
      file: f.rel,
    },
  );
  const result = await rowsToSamples(
    {
      rows: sheet.rows,
      idOf: partCId,
      where: (r) => ({ file: f.rel, row: r.row }),
      build: (r, id) => buildPartCSample(root, tree, r, id, { file: f.rel, name: sheet.sheetName }, issues),
    },
    issues,
  );
  out.samples.push(...result.built);
  out.rejected += result.failed;
  out.details.part_c_folder = relativePosix(root, tree.dir);
}
