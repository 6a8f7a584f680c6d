import path from 'node:path';
import { relativePosix } from '../../sources/fs.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { chooseLayout } from '../kit/choose-layout.js';
import { locateClip, sampleFrames } from '../kit/clip.js';
import { openSheet } from '../kit/open-sheet.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { reportUnlistedFolders } from '../kit/unlisted-folders.js';
import { findSheets } from './detect.js';
import { CASME2_LAYOUTS, findLayouts } from './layout.js';
import { readObjectiveClasses } from './objective-classes.js';
import { type Casme2Row, parseCasme2Sheet } from './sheet.js';

const FPS = 200; // docs/datasets.md §1.1
const LABELS = { onset: 'OnsetFrame', apex: 'ApexFrame', offset: 'OffsetFrame' };

export async function scanCasme2(
  root: string,
  ctx: ScanContext<{ layout?: string | undefined; sheet?: string | undefined }>,
): Promise<ScanResult> {
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
      what: 'coding sheet',
      missing:
        'no CASME II coding sheet found; expected CASME2-coding-20140508.xlsx (or -20190701.xlsx, CASME2_label_Ver_2.xls) in this folder',
    },
    (wb, rel) => parseCasme2Sheet(wb, rel, issues),
    'no sheet with a CASME II header; expected columns Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame',
    issues,
  );
  issues.info(
    'sheet.version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}', recognised as ${sheet.version}`,
    {
      file: relSheet,
    },
  );
  const layout = chooseLayout(
    {
      root,
      wanted: options.layout,
      known: CASME2_LAYOUTS,
      found: await findLayouts(root),
      title: 'CASME II',
      missing:
        'no CASME II frame folder found; expected CASME2_RAW_selected/, Cropped/ or CASME2-RAW/ holding sub01/, sub02/ …',
    },
    issues,
  );
  const objective = await readObjectiveClasses(root, issues);
  const subjectDirs = new Map(layout.subjects.map((d) => [d.replace(/^sub/i, '').padStart(2, '0'), d]));

  const buildSample = async (row: Casme2Row, id: string): Promise<SourceSample | null> => {
    const where = { sample: id, file: relSheet, row: row.row };
    const subjectDir = subjectDirs.get(row.subject) ?? `sub${row.subject}`;
    const clip = await locateClip(
      {
        root,
        dir: path.join(layout.dir, subjectDir, row.filename),
        where,
        onset: row.onset,
        apex: row.apex,
        offset: row.offset,
        labels: LABELS,
        // raw-selected and cropped hold onset..offset only (docs/datasets.md §1.2)
        cutToRange: layout.id !== 'raw',
      },
      issues,
    );
    if (!clip) return null;
    const objectiveClass = row.objective ?? objective.classes.get(`${row.subject}/${row.filename}`) ?? null;
    return {
      id,
      dataset: 'casme2',
      subset: null,
      subject: `casme2/sub${row.subject}`,
      event: null,
      clip: row.filename,
      kind: 'micro',
      fps: FPS,
      // frames, onset/apex/offset indices, source_frames, apex_source
      ...sampleFrames(clip),
      emotion: row.emotion,
      ...actionUnitsOf(row.aus, issues, where),
      source: { directory: clip.directory, sheet: relSheet, sheet_name: sheet.sheetName, row: row.row },
      extra: objectiveClass === null ? {} : { objective_class: objectiveClass },
    };
  };

  const result = await rowsToSamples(
    {
      rows: sheet.rows,
      idOf: (row) => `casme2/sub${row.subject}/${row.filename}`,
      describe: (row) => `sub${row.subject}/${row.filename}`,
      where: (row) => ({ file: relSheet, row: row.row }),
      build: buildSample,
    },
    issues,
  );
  // sub09/EP02_02f, sub24/EP02_07 in real downloads (docs/datasets.md §1.5)
  await reportUnlistedFolders(
    root,
    layout.subjects.map((d) => ({
      dir: path.join(layout.dir, d),
      idOf: (clip) => `casme2/sub${d.replace(/^sub/i, '').padStart(2, '0')}/${clip}`,
    })),
    result.listed,
    'coding sheet',
    issues,
  );
  return {
    root,
    layout: layout.id,
    samples: result.built,
    sources: [
      { file: relSheet, sha256: workbook.sha256, version: sheet.version, rows: sheet.dataRows },
      ...(objective.source ? [objective.source] : []),
    ],
    details: {
      sheet_version: sheet.version,
      sheet_name: sheet.sheetName,
      layout_folder: relativePosix(root, layout.dir),
    },
    rejected: sheet.rejected + result.failed,
  };
}
