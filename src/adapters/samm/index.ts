import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { MeUnifyError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import type { Confidence, Detection, ScanResult, SourceSample } from '../adapter.js';
import { defineAdapter, SHEET_OPTION } from '../define.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { clipFrames } from '../kit/clip-frames.js';
import { detectInCandidates, folderDetection } from '../kit/detect-folders.js';
import { describeRangeProblem, locateRange } from '../kit/locate-range.js';
import { findFiles, findMicroFrames, MICRO_SHEET_FILE, type MicroFrames } from './layout.js';
import { findMicroTable, parseSammSheet, type SammRow } from './sheet.js';

export const SAMM_FPS = 200; // docs/datasets.md §2.1

/** Micro sheets under `dirs`, the undated name first (the dated one is the same release, docs/datasets.md §2.3). */
export async function findMicroSheets(dirs: readonly string[]): Promise<string[]> {
  const files = await findFiles(dirs, MICRO_SHEET_FILE);
  const rank = (f: string) => (/\d{8}/.test(path.basename(f)) ? 1 : 0);
  return files.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** True when the file is a readable workbook with the micro header. */
export async function isMicroSheet(file: string): Promise<boolean> {
  try {
    return findMicroTable(await readWorkbook(file)) !== null;
  } catch {
    return false;
  }
}

async function detectIn(dir: string): Promise<Omit<Detection, 'adapter'>> {
  const evidence: string[] = [];
  const frames = await findMicroFrames(dir);
  let sheetOk = false;
  for (const s of await findMicroSheets(frames ? [dir, frames.dir] : [dir])) {
    if (await isMicroSheet(s)) {
      evidence.push(
        `micro sheet ${relativePosix(dir, s)} with a Subject/Filename/Onset Frame/Estimated Emotion header`,
      );
      sheetOk = true;
      break;
    }
  }
  if (frames)
    evidence.push(
      `${relativePosix(dir, frames.dir) || '.'}/ holds ${frames.subjects.length} subject folders (006/) with sss_n_k clip folders`,
    );
  // a micro sheet alone (e.g. beside SAMM_longvideos/) is weak evidence: the frames are what we convert
  const confidence: Confidence = sheetOk && frames ? 'high' : frames ? 'medium' : sheetOk ? 'low' : 'none';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no SAMM micro sheet (SAMM_Micro_FACS_Codes_v2.xlsx) and no 3-digit subject folders holding sss_n_k clip folders',
  );
}

export const samm = defineAdapter({
  id: 'samm',
  title: 'SAMM (micro-movements)',
  population: 'samm',
  options: z.object({ sheet: SHEET_OPTION }).strict(),

  detect: (root) => detectInCandidates('samm', root, detectIn),

  async scan(root, ctx) {
    const { issues, options } = ctx;
    const frames = await findMicroFrames(root);
    if (!frames) {
      throw new MeUnifyError(
        `${root}: no SAMM frame folders found; expected 3-digit subject folders (006/) holding clip folders named like the sheet's Filename (006_1_2/), here or in SAMM/`,
        { file: root },
      );
    }
    const sheetFile = await chooseSheet(root, frames, options.sheet, issues);
    const relSheet = relativePosix(root, sheetFile);
    const workbook = await readWorkbook(sheetFile);
    const sheet = parseSammSheet(workbook, relSheet, issues);
    if (!sheet) {
      throw new MeUnifyError(
        `${sheetFile}: no sheet with a SAMM micro header; expected sheet MICRO_ONLY with columns Subject, Filename, Onset Frame, Apex Frame, Offset Frame, Estimated Emotion`,
        { file: sheetFile },
      );
    }
    issues.info(
      'sheet.version',
      `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}', recognised as ${sheet.version}`,
      { file: relSheet },
    );

    const seen = new Set<string>();
    const limit = pLimit(16);
    const apexOutside: string[] = [];
    const built = await Promise.all(
      sheet.rows.map((row) => {
        const id = `samm/${row.subject}/${row.filename}`;
        if (seen.has(id)) {
          issues.error('sheet.duplicate-clip', `${row.filename} is listed twice; expected one row per clip`, {
            sample: id,
            file: relSheet,
            row: row.row,
          });
          return null;
        }
        seen.add(id);
        return limit(() =>
          buildSample(root, frames, row, id, relSheet, sheet.sheetName, issues, () =>
            apexOutside.push(row.filename),
          ),
        );
      }),
    );
    const samples = built.filter((s): s is SourceSample => s !== null);
    const unlisted = await reportUnlistedFolders(root, frames, seen, issues);
    return {
      root,
      layout: null,
      samples,
      sources: [{ file: relSheet, sha256: workbook.sha256, version: sheet.version, rows: sheet.dataRows }],
      details: {
        sheet_version: sheet.version,
        sheet_name: sheet.sheetName,
        sheet_file: path.basename(sheetFile),
        frames_folder: relativePosix(root, frames.dir) || '.',
        apex_outside_range: apexOutside.sort(),
        unlisted_folders: unlisted,
      },
      rejected: sheet.rejected + (built.length - samples.length),
    } satisfies ScanResult;
  },
});

async function chooseSheet(
  root: string,
  frames: MicroFrames,
  given: string | undefined,
  issues: IssueLog,
): Promise<string> {
  if (given) return path.resolve(given);
  const sheets = await findMicroSheets([root, frames.dir]);
  const first = sheets[0];
  if (!first) {
    throw new MeUnifyError(
      `${root}: no SAMM micro sheet found; expected SAMM_Micro_FACS_Codes_v2.xlsx (or SAMM_20181215_Micro_FACS_Codes_v2.xlsx) here or in ${relativePosix(root, frames.dir) || '.'}/, or pass --sheet <file>`,
      { file: root },
    );
  }
  if (sheets.length > 1) {
    issues.warn(
      'sheet.several-sheets',
      `several micro sheets found (${sheets.map((s) => relativePosix(root, s)).join(', ')}); using ${relativePosix(root, first)}. Pass --sheet to choose another`,
      { file: relativePosix(root, first) },
    );
  }
  return first;
}

async function buildSample(
  root: string,
  frames: MicroFrames,
  row: SammRow,
  id: string,
  relSheet: string,
  sheetName: string,
  issues: IssueLog,
  onApexOutside: () => void,
): Promise<SourceSample | null> {
  const where = { sample: id, file: relSheet, row: row.row };
  // subject folders are 3-digit (docs/datasets.md §2.2); a folder written `6` is matched too
  const subjectDir = frames.subjects.find((d) => d.padStart(3, '0') === row.subject) ?? row.subject;
  const clipDir = path.join(frames.dir, subjectDir, row.filename);
  const relDir = relativePosix(root, clipDir);
  if (!(await listDirs(path.join(frames.dir, subjectDir))).includes(row.filename)) {
    issues.error(
      'frames.folder-missing',
      `no folder ${relDir}/ for this sheet row; expected the clip's frames there`,
      where,
    );
    return null;
  }
  // the frame number is the number after the last underscore: 4- and 5-digit padding are mixed (docs/datasets.md §2.2)
  const listing = await clipFrames(clipDir, relDir, where, issues);
  if (!listing) return null;
  const located = locateRange(listing.frames, row.onset, row.apex, row.offset);
  if (!located.range) {
    const problem = located.problem ? describeRangeProblem(located.problem) : 'frames not found';
    issues.error(
      'frames.range',
      `${relDir}/: ${problem} (Onset Frame ${row.onset}, Offset Frame ${row.offset})`,
      where,
    );
    return null;
  }
  if (located.apexProblem) {
    const outside = located.apexProblem.kind === 'apex-outside';
    if (outside) onApexOutside();
    // 028_4_1 and 032_3_1 in one circulating copy (docs/datasets.md §2.3): reported, never corrected
    issues.warn(
      'apex.outside',
      `${row.filename}: Apex Frame ${located.apexProblem.number} is ${outside ? `outside Onset Frame..Offset Frame (${row.onset}..${row.offset})` : 'not a frame in the folder'}; the apex is left unknown (apex_source: missing), the sheet value is kept in source_frames.apex`,
      where,
    );
  }
  const first = listing.frames[0]?.number;
  const last = listing.frames[listing.frames.length - 1]?.number;
  if (first !== row.onset || last !== row.offset) {
    // the first file is the Onset Frame and the last the Offset Frame (docs/datasets.md §2.2)
    issues.warn(
      'frames.range-mismatch',
      `${relDir}/ holds frames ${first}..${last}; the sheet says ${row.onset}..${row.offset}`,
      where,
    );
  }
  const actionUnits = actionUnitsOf(row.ausCell, issues, where);
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
    frames: listing.frames.map((f) => f.path),
    onset: located.range.onset,
    apex: located.range.apex,
    offset: located.range.offset,
    source_frames: { onset: row.onset, apex: row.apex, offset: row.offset },
    apex_source: located.range.apex_source,
    emotion: row.emotion,
    // aus_raw is kept exactly as the cell holds it, trailing space included (docs/datasets.md §0.4)
    ...actionUnits,
    source: { directory: relDir, sheet: relSheet, sheet_name: sheetName, row: row.row },
    extra: {
      inducement_code: row.inducement,
      objective_class: row.objectiveClass,
      notes: row.notes,
      type: row.type,
    },
  };
}

/** Clip folders on disk with no sheet row: reported, not converted. */
async function reportUnlistedFolders(
  root: string,
  frames: MicroFrames,
  listed: ReadonlySet<string>,
  issues: IssueLog,
): Promise<string[]> {
  const out: string[] = [];
  for (const subjectDir of frames.subjects) {
    const subject = subjectDir.padStart(3, '0');
    for (const clip of await listDirs(path.join(frames.dir, subjectDir))) {
      if (listed.has(`samm/${subject}/${clip}`)) continue;
      const rel = relativePosix(root, path.join(frames.dir, subjectDir, clip));
      out.push(rel);
      issues.warn('sheet.unlisted-folder', `${rel}/ has no row in the micro sheet; not converted`, {
        file: rel,
      });
    }
  }
  return out;
}
