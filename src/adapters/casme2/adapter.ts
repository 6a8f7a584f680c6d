import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { MeUnifyError, usageError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import type { SourceFingerprint } from '../../schema/dataset.js';
import { cellInt, cellText } from '../../sources/cells.js';
import { listDirs, listFiles, relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import { actionUnitsOf } from '../action-units.js';
import type { Confidence, Detection, ScanResult, SourceSample } from '../adapter.js';
import { clipFrames } from '../clip-frames.js';
import { defineAdapter, LAYOUT_OPTION, SHEET_OPTION } from '../define.js';
import { detectInCandidates, folderDetection } from '../folders.js';
import { describeRangeProblem, locateRange } from '../indices.js';
import { CASME2_LAYOUTS, type FoundLayout, findLayouts } from './layout.js';
import { type Casme2Row, hasCasme2Header, parseCasme2Sheet } from './sheet.js';

const FPS = 200; // docs/datasets.md §1.1
const SHEET_NAME = /^casme2.*\.(xlsx|xls|csv)$/i;
const OBJECTIVE_SHEET = /^casme2.*objective.*\.(xlsx|xls)$/i;

/** Coding sheets in a folder, the MEGC reference (2014) first (docs/datasets.md §6.2: pin the 2014 labels). */
async function findSheets(dir: string): Promise<string[]> {
  const files = (await listFiles(dir)).filter((f) => SHEET_NAME.test(f) && !OBJECTIVE_SHEET.test(f));
  const rank = (f: string) => (/20140508/.test(f) ? 0 : /20190701/.test(f) ? 1 : 2);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map((f) => path.join(dir, f));
}

async function sheetHasHeader(file: string): Promise<boolean> {
  try {
    return (await readWorkbook(file)).sheets.some((s) => hasCasme2Header(s.rows));
  } catch {
    return false;
  }
}

async function detectIn(dir: string): Promise<Omit<Detection, 'adapter'>> {
  const evidence: string[] = [];
  const sheets = await findSheets(dir);
  let sheetOk = false;
  for (const s of sheets) {
    if (await sheetHasHeader(s)) {
      evidence.push(`coding sheet ${path.basename(s)} with a Subject/Filename/OnsetFrame header`);
      sheetOk = true;
      break;
    }
  }
  const layouts = await findLayouts(dir);
  for (const l of layouts)
    evidence.push(`frame folder ${relativePosix(dir, l.dir)}/ with ${l.subjects.length} subNN folders`);
  const namedLayout = layouts.some((l) => l.id !== 'cropped');
  let confidence: Confidence = 'none';
  if (sheetOk && layouts.length > 0) confidence = 'high';
  else if (sheetOk || namedLayout) confidence = 'medium';
  else if (layouts.length > 0) confidence = 'low';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no CASME II coding sheet (CASME2-coding-*.xlsx) and no CASME2_RAW_selected/, Cropped/ or CASME2-RAW/ folder with subNN folders',
  );
}

export const casme2 = defineAdapter({
  id: 'casme2',
  title: 'CASME II',
  population: 'casme2',
  options: z.object({ layout: LAYOUT_OPTION, sheet: SHEET_OPTION }).strict(),
  layouts: CASME2_LAYOUTS.map((l) => l.id),

  detect: (root) => detectInCandidates('casme2', root, detectIn),

  async scan(root, ctx) {
    const { issues, options } = ctx;
    const sheetFile = await chooseSheet(root, options.sheet, issues);
    const relSheet = relativePosix(root, sheetFile);
    const workbook = await readWorkbook(sheetFile);
    const sheet = parseCasme2Sheet(workbook, relSheet, issues);
    if (!sheet) {
      throw new MeUnifyError(
        `${sheetFile}: no sheet with a CASME II header; expected columns Subject, Filename, OnsetFrame, ApexFrame, OffsetFrame`,
        { file: sheetFile },
      );
    }
    issues.info(
      'sheet.version',
      `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}', recognised as ${sheet.version}`,
      {
        file: relSheet,
      },
    );
    const layout = await chooseLayout(root, options.layout, issues);
    const objective = await readObjectiveClasses(root, issues);

    const seen = new Set<string>();
    const limit = pLimit(16);
    let rejected = sheet.rejected;
    const built = await Promise.all(
      sheet.rows.map((row) => {
        const id = `casme2/sub${row.subject}/${row.filename}`;
        if (seen.has(id)) {
          issues.error(
            'sheet.duplicate-clip',
            `sub${row.subject}/${row.filename} is listed twice; expected one row per clip`,
            {
              sample: id,
              file: relSheet,
              row: row.row,
            },
          );
          return null;
        }
        seen.add(id);
        return limit(() =>
          buildSample(root, layout, row, id, relSheet, sheet.sheetName, objective.classes, issues),
        );
      }),
    );
    const samples = built.filter((s): s is SourceSample => s !== null);
    rejected += built.length - samples.length;
    await reportUnlistedFolders(root, layout, seen, issues);
    return {
      root,
      layout: layout.id,
      samples,
      sources: [
        {
          file: relSheet,
          sha256: workbook.sha256,
          version: sheet.version,
          rows: sheet.dataRows,
        },
        ...(objective.source ? [objective.source] : []),
      ],
      details: {
        sheet_version: sheet.version,
        sheet_name: sheet.sheetName,
        layout_folder: relativePosix(root, layout.dir),
      },
      rejected,
    } satisfies ScanResult;
  },
});

async function chooseSheet(root: string, given: string | undefined, issues: IssueLog): Promise<string> {
  if (given) return path.resolve(given);
  const sheets = await findSheets(root);
  const first = sheets[0];
  if (!first) {
    throw new MeUnifyError(
      `${root}: no CASME II coding sheet found; expected CASME2-coding-20140508.xlsx (or -20190701.xlsx, CASME2_label_Ver_2.xls) in this folder, or pass --sheet <file>`,
      { file: root },
    );
  }
  if (sheets.length > 1) {
    issues.warn(
      'sheet.several-sheets',
      `several coding sheets found (${sheets.map((s) => path.basename(s)).join(', ')}); using ${path.basename(first)}. Pass --sheet to choose another`,
      { file: relativePosix(root, first) },
    );
  }
  return first;
}

async function chooseLayout(
  root: string,
  wanted: string | undefined,
  issues: IssueLog,
): Promise<FoundLayout> {
  const layouts = await findLayouts(root);
  if (wanted) {
    const ids = CASME2_LAYOUTS.map((l) => l.id);
    if (!ids.includes(wanted as never))
      throw usageError(`unknown --layout '${wanted}' for CASME II; expected ${ids.join(', ')}`);
    const found = layouts.find((l) => l.id === wanted);
    if (!found)
      throw new MeUnifyError(
        `${root}: no '${wanted}' frame folder found (looked for ${CASME2_LAYOUTS.find((l) => l.id === wanted)?.folders.join(', ')})`,
        { file: root },
      );
    return found;
  }
  const first = layouts[0];
  if (!first) {
    throw new MeUnifyError(
      `${root}: no CASME II frame folder found; expected CASME2_RAW_selected/, Cropped/ or CASME2-RAW/ holding sub01/, sub02/ …`,
      { file: root },
    );
  }
  if (layouts.length > 1) {
    issues.info(
      'layout.several',
      `frame layouts present: ${layouts.map((l) => l.id).join(', ')}; reading ${first.id} (choose with --layout)`,
      { file: relativePosix(root, first.dir) },
    );
  }
  return first;
}

interface ObjectiveClasses {
  /** `sub/Filename` → class 1–7. */
  classes: Map<string, number>;
  /** The file's fingerprint, when it was read: it contributes a value to samples (docs/datasets.md §1.5). */
  source: SourceFingerprint | null;
}

/** CASME2-ObjectiveClasses.xlsx (docs/datasets.md §1.3), when present. */
async function readObjectiveClasses(root: string, issues: IssueLog): Promise<ObjectiveClasses> {
  const classes = new Map<string, number>();
  const file = (await listFiles(root)).find((f) => OBJECTIVE_SHEET.test(f));
  if (!file) return { classes, source: null };
  try {
    const wb = await readWorkbook(path.join(root, file));
    // Sheet1 holds the table; Sheet2 is header-less scratch and is ignored (docs/datasets.md §1.3).
    const rows = wb.sheets[0]?.rows ?? [];
    const header = (rows[0] ?? []).map((c) => cellText(c)?.toLowerCase() ?? '');
    const [s, f, o] = ['subject', 'filename', 'objective class'].map((h) =>
      header.findIndex((x) => x.startsWith(h)),
    );
    if (s === undefined || f === undefined || o === undefined || s < 0 || f < 0 || o < 0) {
      issues.warn(
        'casme2.objective-classes',
        'expected columns Subject, Filename, Objective Class; file ignored',
        { file },
      );
      return { classes, source: null };
    }
    for (const row of rows.slice(1)) {
      const subject = cellText(row[s])?.replace(/^sub/i, '');
      const clip = cellText(row[f]);
      const cls = cellInt(row[o]);
      if (subject && clip && cls !== null) classes.set(`${subject.padStart(2, '0')}/${clip}`, cls);
    }
    const source = { file, sha256: wb.sha256, version: 'casme2-objective-classes', rows: classes.size };
    return { classes, source: classes.size > 0 ? source : null };
  } catch (err) {
    issues.warn(
      'casme2.objective-classes',
      `cannot read (${err instanceof Error ? err.message : err}); file ignored`,
      { file },
    );
  }
  return { classes, source: null };
}

async function subjectFolders(layout: FoundLayout): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const d of layout.subjects) map.set(d.replace(/^sub/i, '').padStart(2, '0'), d);
  return map;
}

async function buildSample(
  root: string,
  layout: FoundLayout,
  row: Casme2Row,
  id: string,
  relSheet: string,
  sheetName: string,
  objective: Map<string, number>,
  issues: IssueLog,
): Promise<SourceSample | null> {
  const where = { sample: id, file: relSheet, row: row.row };
  const subjectDir = (await subjectFolders(layout)).get(row.subject);
  const clipDir = subjectDir ? path.join(layout.dir, subjectDir, row.filename) : null;
  const relDir = clipDir
    ? relativePosix(root, clipDir)
    : `${relativePosix(root, layout.dir)}/sub${row.subject}/${row.filename}`;
  const clips = subjectDir ? await listDirs(path.join(layout.dir, subjectDir)) : [];
  if (!clipDir || !clips.includes(row.filename)) {
    issues.error(
      'frames.folder-missing',
      `no folder ${relDir}/ for this sheet row; expected the clip's frames there`,
      where,
    );
    return null;
  }
  const listing = await clipFrames(clipDir, relDir, where, issues);
  if (!listing) return null;
  const located = locateRange(listing.frames, row.onset, row.apex, row.offset);
  if (!located.range) {
    issues.error(
      'frames.range',
      `${relDir}/: ${describeRangeProblem(located.problem)} (OnsetFrame ${row.onset}, OffsetFrame ${row.offset})`,
      {
        ...where,
      },
    );
    return null;
  }
  if (located.apexProblem) {
    issues.warn(
      'apex.outside',
      `ApexFrame ${located.apexProblem.number} is ${located.apexProblem.kind === 'apex-outside' ? `outside onset..offset (${row.onset}..${row.offset})` : 'not a frame in the folder'}; the apex is left unknown, the sheet value is kept in source_frames`,
      where,
    );
  }
  const first = listing.frames[0]?.number;
  const last = listing.frames[listing.frames.length - 1]?.number;
  if (layout.id !== 'raw' && (first !== row.onset || last !== row.offset)) {
    // raw-selected and cropped hold onset..offset only (docs/datasets.md §1.2); anything else is worth knowing.
    issues.warn(
      'frames.range-mismatch',
      `${relDir}/ holds frames ${first}..${last}; the sheet says ${row.onset}..${row.offset}`,
      where,
    );
  }
  const actionUnits = actionUnitsOf(row.ausCell, issues, where);
  const objectiveClass = row.objectiveClass ?? objective.get(`${row.subject}/${row.filename}`) ?? null;
  return {
    id,
    dataset: 'casme2',
    subset: null,
    subject: `casme2/sub${row.subject}`,
    event: null,
    clip: row.filename,
    kind: 'micro',
    fps: FPS,
    frames: listing.frames.map((f) => f.path),
    onset: located.range.onset,
    apex: located.range.apex,
    offset: located.range.offset,
    source_frames: { onset: row.onset, apex: row.apex, offset: row.offset },
    apex_source: located.range.apex_source,
    emotion: row.emotion,
    ...actionUnits,
    source: { directory: relDir, sheet: relSheet, sheet_name: sheetName, row: row.row },
    extra: objectiveClass === null ? {} : { objective_class: objectiveClass },
  };
}

/** Folders on disk with no sheet row (sub09/EP02_02f, sub24/EP02_07 in real downloads, docs/datasets.md §1.5). */
async function reportUnlistedFolders(
  root: string,
  layout: FoundLayout,
  listed: Set<string>,
  issues: IssueLog,
): Promise<void> {
  for (const subjectDir of layout.subjects) {
    const subject = subjectDir.replace(/^sub/i, '').padStart(2, '0');
    for (const clip of await listDirs(path.join(layout.dir, subjectDir))) {
      if (listed.has(`casme2/sub${subject}/${clip}`)) continue;
      issues.warn(
        'sheet.unlisted-folder',
        `${relativePosix(root, path.join(layout.dir, subjectDir, clip))}/ has no row in the coding sheet; not converted`,
        {
          file: relativePosix(root, path.join(layout.dir, subjectDir, clip)),
        },
      );
    }
  }
}
