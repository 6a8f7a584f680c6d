import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import type { SourceFingerprint } from '../../schema/dataset.js';
import { relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { chooseLayout } from '../kit/choose-layout.js';
import { locateClip, reportUnknownApex } from '../kit/clip.js';
import { openSheet } from '../kit/open-sheet.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { reportUnlistedFolders } from '../kit/unlisted-folders.js';
import { findExtras, findSheets } from './detect.js';
import {
  FOURDME_LAYOUTS,
  findLayouts,
  findLongVideos,
  matchSubjectFolder,
  type SubjectMatch,
} from './layout.js';
import {
  clipKey,
  type Extras,
  type FourDmeRow,
  hasOldHeader,
  parseExtras,
  parseFourDmeSheet,
} from './sheet.js';

/** The long videos' rate (docs/datasets-more.md §4); the clips' own rate is unverified, hence `--option fps=`. */
const DEFAULT_FPS = 60;

interface Options {
  layout?: string | undefined;
  sheet?: string | undefined;
  fps?: number | undefined;
}

export async function scanFourDme(root: string, ctx: ScanContext<Options>): Promise<ScanResult> {
  const { issues, options } = ctx;
  const {
    relFile: relSheet,
    workbook,
    sheet,
  } = await openSheet(
    {
      root,
      given: options.sheet,
      found: await findSheets(root),
      what: 'label sheet',
      missing: "no 4DME label sheet found; expected '4DME_Labelling_Micro_release v1.xlsx' in this folder",
    },
    (wb, rel) => parseFourDmeSheet(wb, rel, issues),
    (wb) =>
      wb.sheets.some((s) => hasOldHeader(s.rows))
        ? "this is the older internal 4DME labelling sheet (sub_ID', video_number', ME_number', first_frame'); it names no fold_name, so its rows cannot be matched to clip folders (docs/datasets-more.md §4). Use '4DME_Labelling_Micro_release v1.xlsx' (--sheet <file>)"
        : 'no sheet with a 4DME header; expected columns sub_ID, fold_name, Onset, Apex, Offset (a trailing apostrophe on a header is accepted)',
    issues,
  );
  issues.info(
    'sheet.version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}'; no 4DME release is published with identifying cells, so its version is recorded as unknown`,
    { file: relSheet },
  );
  const extras = await readExtras(root, issues);
  const layout = chooseLayout(
    {
      root,
      wanted: options.layout,
      known: FOURDME_LAYOUTS,
      found: await findLayouts(root),
      title: '4DME',
      missing: 'no 4DME clip folder found; expected gray_micro/{sub_ID}/{fold_name}/ (or gray_micro_crop/)',
    },
    issues,
  );
  const longVideos = await findLongVideos(root);
  if (longVideos)
    issues.info(
      'layout.not-read',
      `${relativePosix(root, longVideos)}/ present: the long videos are not converted (their labels and frame naming are unverified, docs/datasets-more.md §4)`,
      { file: relativePosix(root, longVideos) },
    );
  const fps = options.fps ?? DEFAULT_FPS;
  if (options.fps === undefined)
    issues.info(
      'layout.seen',
      `clips are given ${DEFAULT_FPS} fps, the long videos' rate (docs/datasets-more.md §4); the clips' own rate is unverified: set it with --option fps=<n>`,
      { file: relativePosix(root, layout.dir) },
    );

  const matches = new Map<SubjectMatch, Set<string>>();
  const folderOfSubject = new Map<string, string>();
  const buildSample = async (row: FourDmeRow, id: string): Promise<SourceSample | null> => {
    const where = { sample: id, file: relSheet, row: row.row };
    const match = matchSubjectFolder(row.subject, layout.subjects);
    if (match) {
      matches.set(match.how, (matches.get(match.how) ?? new Set()).add(`${row.subject} → ${match.folder}`));
      folderOfSubject.set(match.folder, row.subject);
    }
    if (row.apex === null) reportUnknownApex(`${sheet.labels.apex}`, row.apexCell, where, issues);
    const clip = await locateClip(
      {
        root,
        dir: path.join(layout.dir, match?.folder ?? row.subject, row.clip),
        where,
        onset: row.onset,
        apex: row.apex,
        offset: row.offset,
        labels: sheet.labels,
      },
      issues,
    );
    if (!clip) return null;
    const extra: Record<string, string | number | boolean> = {};
    if (row.fold !== null) extra.fold = row.fold;
    if (row.eyeBlink !== null) extra.eye_blink = row.eyeBlink;
    const reported = extras?.byClip.get(clipKey(row.subject, row.clip));
    if (reported?.self_report_emotion) extra.self_report_emotion = reported.self_report_emotion;
    if (reported?.video_emotion) extra.video_emotion = reported.video_emotion;
    return {
      id,
      dataset: '4dme',
      subset: null,
      subject: `4dme/${row.subject}`,
      event: null,
      clip: row.clip,
      kind: 'micro',
      fps,
      frames: clip.frames,
      onset: clip.onset,
      apex: clip.apex,
      offset: clip.offset,
      source_frames: clip.source_frames,
      apex_source: clip.apex_source,
      emotion: row.emotion,
      ...actionUnitsOf(row.aus, issues, where),
      source: { directory: clip.directory, sheet: relSheet, sheet_name: sheet.sheetName, row: row.row },
      extra,
    };
  };

  const result = await rowsToSamples(
    {
      rows: sheet.rows,
      idOf: (row) => `4dme/${row.subject}/${row.clip}`,
      where: (row) => ({ file: relSheet, row: row.row }),
      build: buildSample,
    },
    issues,
  );
  const how = [...matches].map(
    ([kind, pairs]) =>
      `${describeMatch(kind)} (${[...pairs].slice(0, 3).join(', ')}${pairs.size > 3 ? ', …' : ''})`,
  );
  if (how.length > 0)
    issues.info('layout.seen', `sub_ID matched to subject folders by ${how.join('; ')}`, {
      file: relativePosix(root, layout.dir),
    });
  await reportUnlistedFolders(
    root,
    layout.subjects.map((folder) => ({
      dir: path.join(layout.dir, folder),
      idOf: (clip) => `4dme/${folderOfSubject.get(folder) ?? folder}/${clip}`,
    })),
    result.listed,
    'label sheet',
    issues,
  );
  const sources: SourceFingerprint[] = [
    { file: relSheet, sha256: workbook.sha256, version: 'unknown', rows: sheet.dataRows },
  ];
  if (extras) sources.push(extras.source);
  return {
    root,
    layout: layout.id,
    samples: result.built,
    sources,
    details: {
      sheet_name: sheet.sheetName,
      layout_folder: relativePosix(root, layout.dir),
      fps_assumed: options.fps === undefined,
    },
    rejected: sheet.rejected + result.failed,
  };
}

function describeMatch(kind: SubjectMatch): string {
  if (kind === 'exact') return 'the same name';
  if (kind === 'case') return 'the same name in another case';
  return 'the same number';
}

/** The extras sheet beside the label sheet, when present: self-reported and video emotions. */
async function readExtras(
  root: string,
  issues: IssueLog,
): Promise<(Extras & { source: SourceFingerprint }) | null> {
  const file = await findExtras(root);
  if (!file) return null;
  const rel = relativePosix(root, file);
  const wb = await readWorkbook(file);
  const extras = parseExtras(wb, rel, issues);
  if (!extras) {
    issues.info(
      'layout.not-read',
      `no sub_ID / fold_name / self-report emo' header; the extras sheet is not read`,
      { file: rel },
    );
    return null;
  }
  return { ...extras, source: { file: rel, sha256: wb.sha256, version: 'unknown', rows: extras.dataRows } };
}
