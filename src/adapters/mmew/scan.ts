import path from 'node:path';
import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { locateClip, reportUnknownApex } from '../kit/clip.js';
import { openSheet } from '../kit/open-sheet.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { reportUnlistedFolders } from '../kit/unlisted-folders.js';
import { checkClipName } from './clip-name.js';
import { findSheets } from './detect.js';
import {
  type ClipFolder,
  findMacroFolder,
  findMicroFolder,
  type MmewLayout,
  readLayout,
  SUBJECT_DIR,
} from './layout.js';
import { type MmewRow, parseMmewSheet } from './sheet.js';

const FPS = 90; // docs/datasets-more.md §3

/** The sheet's `others` is stored in a `repression` folder (docs/datasets-more.md §3). */
function emotionFolderOf(emotion: string): string {
  const e = emotion.toLowerCase();
  return e === 'others' ? 'repression' : e;
}

export async function scanMmew(
  root: string,
  ctx: ScanContext<{ sheet?: string | undefined }>,
): Promise<ScanResult> {
  const { issues, options } = ctx;
  const {
    file: sheetFile,
    relFile: relSheet,
    workbook,
    sheet,
  } = await openSheet(
    {
      root,
      given: options.sheet,
      found: await findSheets(root),
      what: 'micro sheet',
      missing: 'no MMEW micro sheet found; expected MMEW_Micro_Exp.xlsx in this folder',
    },
    (wb, rel) => parseMmewSheet(wb, rel, issues),
    'no sheet with an MMEW header; expected columns Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame, Estimated Emotion',
    issues,
  );
  issues.info(
    'sheet.version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}'; no MMEW release is published with identifying cells, so its version is recorded as unknown`,
    { file: relSheet },
  );
  const microDir = await findMicroFolder(root);
  if (!microDir)
    throw new MeUnifyError(
      `${root}: no Micro_Expression/ folder; expected Micro_Expression/{emotion}/{clip}/1.jpg (or Micro_Expression/S01/{emotion}/{clip}/) beside ${path.basename(sheetFile)}`,
      { file: root },
    );
  const layout = await readLayout(microDir);
  const relMicro = relativePosix(root, microDir);
  issues.info('layout.seen', `clip folders found as ${describeForm(relMicro, layout)}`, { file: relMicro });
  const macroDir = await findMacroFolder(root);
  if (macroDir)
    issues.info(
      'layout.not-read',
      `${relativePosix(root, macroDir)}/ present: not converted (no macro-expression sheet is documented, docs/datasets-more.md §3)`,
      { file: relativePosix(root, macroDir) },
    );

  const othersSeen = new Map<string, number>();
  const idOf = (row: MmewRow) => `mmew/S${row.subject}/${row.filename}`;
  const buildSample = async (row: MmewRow, id: string): Promise<SourceSample | null> => {
    const where = { sample: id, file: relSheet, row: row.row };
    const found = layout.clips.get(row.filename) ?? [];
    if (found.length > 1) {
      issues.error(
        'sheet.duplicate-clip',
        `clip folder ${row.filename}/ found ${found.length} times (${found.map((f) => `${relativePosix(root, f.dir)}/`).join(', ')}); expected one`,
        where,
      );
      return null;
    }
    const [folder] = found;
    checkClipName(row, where, issues);
    if (folder) checkFolder(row, folder, where, othersSeen, issues);
    if (row.apex === null) reportUnknownApex(`${sheet.labels.apex}`, row.apexCell, where, issues);
    const clip = await locateClip(
      {
        root,
        dir: folder?.dir ?? expectedDir(layout, row),
        where,
        onset: row.onset,
        apex: row.apex,
        offset: row.offset,
        labels: sheet.labels,
      },
      issues,
    );
    if (!clip) return null;
    return {
      id,
      dataset: 'mmew',
      subset: null,
      subject: `mmew/S${row.subject}`,
      event: null,
      clip: row.filename,
      kind: 'micro',
      fps: FPS,
      frames: clip.frames,
      onset: clip.onset,
      apex: clip.apex,
      offset: clip.offset,
      source_frames: clip.source_frames,
      apex_source: clip.apex_source,
      emotion: row.emotion,
      ...actionUnitsOf(row.aus, issues, where),
      source: { directory: clip.directory, sheet: relSheet, sheet_name: sheet.sheetName, row: row.row },
      extra: row.remarks === null ? {} : { remarks: row.remarks },
    };
  };

  const result = await rowsToSamples(
    { rows: sheet.rows, idOf, where: (row) => ({ file: relSheet, row: row.row }), build: buildSample },
    issues,
  );
  for (const [folder, count] of othersSeen)
    issues.info(
      'mmew.emotion-folder',
      `${count} row(s) with emotion 'others' found in ${folder}/ folders (the owners store others in repression/, docs/datasets-more.md §3); the emotion is kept as the sheet writes it`,
      { file: relSheet },
    );
  const idByClip = new Map(sheet.rows.map((r) => [r.filename, idOf(r)]));
  await reportUnlistedFolders(
    root,
    layout.parents.map((p) => ({ dir: p.dir, idOf: (clip) => idByClip.get(clip) ?? clip })),
    result.listed,
    'micro sheet',
    issues,
  );
  return {
    root,
    layout: layout.form,
    samples: result.built,
    sources: [{ file: relSheet, sha256: workbook.sha256, version: 'unknown', rows: sheet.dataRows }],
    details: { sheet_name: sheet.sheetName, micro_folder: relMicro, layout_form: layout.form },
    rejected: sheet.rejected + result.failed,
  };
}

function describeForm(relMicro: string, layout: MmewLayout): string {
  if (layout.form === 'emotion-clip') return `${relMicro}/{emotion}/{clip}/ (no subject level)`;
  if (layout.form === 'subject-emotion-clip')
    return `${relMicro}/S01/{emotion}/{clip}/ (with a subject level)`;
  return `both ${relMicro}/{emotion}/{clip}/ and ${relMicro}/S01/{emotion}/{clip}/ (some subjects with a subject level)`;
}

/** Where a clip would be, for the missing-folder message: in the form the download uses. */
function expectedDir(layout: MmewLayout, row: MmewRow): string {
  const folder = emotionFolderOf(row.emotion);
  return layout.form === 'emotion-clip'
    ? path.join(layout.microDir, folder, row.filename)
    : path.join(layout.microDir, `S${row.subject}`, folder, row.filename);
}

/** The folder a clip was found in should agree with its row's emotion and subject: reported, never changed. */
function checkFolder(
  row: MmewRow,
  folder: ClipFolder,
  where: { sample: string; file: string; row: number },
  othersSeen: Map<string, number>,
  issues: IssueLog,
): void {
  const actual = folder.emotionFolder.toLowerCase();
  if (row.emotion.toLowerCase() === 'others' && (actual === 'repression' || actual === 'others'))
    othersSeen.set(folder.emotionFolder, (othersSeen.get(folder.emotionFolder) ?? 0) + 1);
  else if (actual !== emotionFolderOf(row.emotion))
    issues.warn(
      'mmew.emotion-folder',
      `Estimated Emotion '${row.emotion}' but the clip is in ${folder.emotionFolder}/; expected ${emotionFolderOf(row.emotion)}/. The emotion is kept as the sheet writes it`,
      where,
    );
  const fromFolder = folder.subjectFolder ? SUBJECT_DIR.exec(folder.subjectFolder)?.[1] : undefined;
  if (fromFolder !== undefined && Number(fromFolder) !== Number(row.subject))
    issues.warn(
      'mmew.subject-mismatch',
      `Subject ${Number(row.subject)} but the folder ${folder.subjectFolder}/ says subject ${Number(fromFolder)}; the sample keeps the sheet's Subject`,
      where,
    );
}
