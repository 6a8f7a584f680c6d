import path from 'node:path';
import { MeUnifyError } from '../../issues/errors.js';
import { relativePosix } from '../../sources/fs.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { locateClip, sampleFrames } from '../kit/clip.js';
import { openSheet } from '../kit/open-sheet.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { reportUnlistedFolders } from '../kit/unlisted-folders.js';
import { findMicroSheets } from './find-sheets.js';
import { findMicroFrames } from './layout.js';
import { parseSammSheet, type SammRow } from './sheet.js';

export const SAMM_FPS = 200; // docs/datasets.md §2.1
const LABELS = { onset: 'Onset Frame', apex: 'Apex Frame', offset: 'Offset Frame' };

export async function scanSamm(
  root: string,
  ctx: ScanContext<{ sheet?: string | undefined }>,
): Promise<ScanResult> {
  const { issues, options } = ctx;
  const frames = await findMicroFrames(root);
  if (!frames)
    throw new MeUnifyError(
      `${root}: no SAMM frame folders found; expected 3-digit subject folders (006/) holding clip folders named like the sheet's Filename (006_1_2/), here or in SAMM/`,
      { file: root },
    );
  const opened = await openSheet(
    {
      root,
      given: options.sheet,
      found: await findMicroSheets([root, frames.dir]),
      what: 'micro sheet',
      missing: `no SAMM micro sheet found; expected SAMM_Micro_FACS_Codes_v2.xlsx (or SAMM_20181215_Micro_FACS_Codes_v2.xlsx) here or in ${relativePosix(root, frames.dir) || '.'}/`,
    },
    (wb, rel) => parseSammSheet(wb, rel, issues),
    'no sheet with a SAMM micro header; expected sheet MICRO_ONLY with columns Subject, Filename, Onset Frame, Apex Frame, Offset Frame, Estimated Emotion',
    issues,
  );
  const { file: sheetFile, relFile: relSheet, workbook, sheet } = opened;
  issues.info(
    'sheet.version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}', recognised as ${sheet.version}`,
    {
      file: relSheet,
    },
  );

  const apexOutside: string[] = [];
  const buildSample = async (row: SammRow, id: string): Promise<SourceSample | null> => {
    const where = { sample: id, file: relSheet, row: row.row };
    // subject folders are 3-digit (docs/datasets.md §2.2); a folder written `6` is matched too
    const subjectDir = frames.subjects.find((d) => d.padStart(3, '0') === row.subject) ?? row.subject;
    // the frame number is the number after the last underscore: 4- and 5-digit padding are mixed (docs/datasets.md §2.2)
    const clip = await locateClip(
      {
        root,
        dir: path.join(frames.dir, subjectDir, row.filename),
        where,
        onset: row.onset,
        apex: row.apex,
        offset: row.offset,
        labels: LABELS,
        // the first file is the Onset Frame and the last the Offset Frame (docs/datasets.md §2.2)
        cutToRange: true,
        // 028_4_1 and 032_3_1 in one circulating copy (docs/datasets.md §2.3): reported, never corrected
        onApexOutside: () => apexOutside.push(row.filename),
      },
      issues,
    );
    if (!clip) return null;
    return {
      id,
      dataset: 'samm',
      subset: null,
      subject: `samm/${row.subject}`,
      // SAMM-LV's micro row of this Filename records the same movement (docs/datasets.md §2.5.1)
      event: `samm/${row.filename}`,
      clip: row.filename,
      kind: 'micro',
      fps: SAMM_FPS,
      // frames, onset/apex/offset indices, source_frames, apex_source
      ...sampleFrames(clip),
      emotion: row.emotion,
      // aus_raw is kept exactly as the cell holds it, trailing space included (docs/datasets.md §0.4)
      ...actionUnitsOf(row.aus, issues, where),
      source: { directory: clip.directory, sheet: relSheet, sheet_name: sheet.sheetName, row: row.row },
      extra: {
        inducement_code: row.inducement,
        objective_class: row.objective,
        notes: row.notes,
        type: row.type,
      },
    };
  };

  const result = await rowsToSamples(
    {
      rows: sheet.rows,
      idOf: (row) => `samm/${row.subject}/${row.filename}`,
      describe: (row) => row.filename,
      where: (row) => ({ file: relSheet, row: row.row }),
      build: buildSample,
    },
    issues,
  );
  const unlisted = await reportUnlistedFolders(
    root,
    frames.subjects.map((d) => ({
      dir: path.join(frames.dir, d),
      idOf: (clip) => `samm/${d.padStart(3, '0')}/${clip}`,
    })),
    result.listed,
    'micro sheet',
    issues,
  );
  return {
    root,
    layout: null,
    samples: result.built,
    sources: [{ file: relSheet, sha256: workbook.sha256, version: sheet.version, rows: sheet.dataRows }],
    details: {
      sheet_version: sheet.version,
      sheet_name: sheet.sheetName,
      sheet_file: path.basename(sheetFile),
      frames_folder: relativePosix(root, frames.dir) || '.',
      apex_outside_range: apexOutside.sort(),
      unlisted_folders: unlisted,
    },
    rejected: sheet.rejected + result.failed,
  };
}
