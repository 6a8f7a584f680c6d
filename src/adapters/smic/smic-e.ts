import path from 'node:path';
import pLimit from 'p-limit';
import { MeUnifyError, usageError } from '../../report/errors.js';
import type { IssueLog } from '../../report/issues.js';
import type { SourceFingerprint } from '../../schema/dataset.js';
import { type FrameFile, listFrames } from '../../sources/frames.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import { readWorkbook, type Workbook } from '../../sources/sheet.js';
import type { Adapter, Confidence, Detection, ScanResult, SourceSample } from '../adapter.js';
import { detectInCandidates, folderDetection } from '../folders.js';
import { describeRangeProblem, type FrameRange, locateRange } from '../indices.js';
import { type ApexPolicy, apexPolicy, reportApexPolicy, unannotatedApex } from './apex.js';
import {
  CLIP_NAME,
  CODE_EMOTION,
  findSmicESubsets,
  padSubject,
  parseLayoutOption,
  SMIC_FPS,
  type SmicESubsetDir,
  type SmicSubset,
  SUBJECT_DIR,
  subjectFolder,
} from './layout.js';
import { hasSmicEHeader, parseSmicESheet, type SmicERow, type SmicESheet, smicETable } from './sheet.js';

/**
 * HS clips listed in the original sheet but absent from real downloads: Oulu says samples were lost
 * ("Three samples … not included in the SMIC-E-HS due to data loss", 157 HS clips), and davidnvq's
 * download lacked exactly these five (datasets.md §3.1, §3.4). Their absence is expected; any other
 * absent clip is an error.
 */
export const KNOWN_LOST_HS = ['s3_ne_03', 's3_ne_20', 's4_ne_05', 's4_ne_06', 's9_sur_02'];

type RowOutcome = 'converted' | 'lost' | 'missing' | 'rejected';

interface SubsetSheet {
  file: string;
  rel: string;
  workbook: Workbook;
  sheet: SmicESheet;
}

async function detectIn(dir: string): Promise<Omit<Detection, 'adapter'>> {
  const subsets = await findSmicESubsets(dir);
  const evidence: string[] = [];
  let sheetOk = false;
  let clipsOk = false;
  for (const s of subsets) {
    if (s.clipsDir) {
      clipsOk = true;
      evidence.push(`${relativePosix(dir, s.clipsDir) || '.'}/ with ${s.subjects.length} subject folders`);
    }
    for (const file of s.sheets) {
      try {
        if ((await readWorkbook(file)).sheets.some((t) => hasSmicEHeader(t.rows))) {
          sheetOk = true;
          evidence.push(`annotation ${relativePosix(dir, file)} with a Subject/Filename/OnsetF header`);
          break;
        }
      } catch {
        // an unreadable sheet is no evidence; scan reports it
      }
    }
  }
  const confidence: Confidence =
    sheetOk && clipsOk ? 'high' : sheetOk || clipsOk ? 'medium' : subsets.length > 0 ? 'low' : 'none';
  return folderDetection(
    dir,
    confidence,
    evidence,
    "no HS_long/ (VIS_long/, NIR_long/) folder holding SMIC-HS-E/…/s01/ clip folders or SMIC-HS-E_annotation.xlsx (the download's 'SMIC-E_raw image/' folder)",
  );
}

export const smicE: Adapter = {
  id: 'smic-e',
  title: 'SMIC-E (HS, VIS, NIR long clips)',

  detect: (root) => detectInCandidates('smic-e', root, detectIn),

  async scan(root, ctx) {
    const { issues, options } = ctx;
    const layout = parseLayoutOption(options.layout);
    if (layout.unknown.length > 0 || layout.layout === 'cropped')
      throw usageError(
        `unknown --layout '${options.layout}' for SMIC-E; expected hs, vis and/or nir (comma-separated)`,
      );
    const all = await findSmicESubsets(root);
    const subsets = all.filter((s) => !layout.subsets || layout.subsets.includes(s.subset));
    if (subsets.length === 0) {
      throw new MeUnifyError(
        `${root}: no SMIC-E ${layout.subsets ? layout.subsets.join('/').toUpperCase() : ''} data found; expected HS_long/SMIC-HS-E/[HS/]s01/s1_ne_01/image<frame>.jpg and HS_long/SMIC-HS-E_annotation.xlsx (likewise VIS_long, NIR_long)`,
        { file: root },
      );
    }
    const policy = apexPolicy(options);
    const samples: SourceSample[] = [];
    const sources: SourceFingerprint[] = [];
    const details: Record<string, unknown> = { apex_policy: policy };
    let rejected = 0;
    for (const subset of subsets) {
      const sheet = await subsetSheet(root, subset, all, options.sheet, issues);
      if (!sheet) continue;
      sources.push({
        file: sheet.rel,
        sha256: sheet.workbook.sha256,
        version: sheet.sheet.version,
        rows: sheet.sheet.dataRows,
      });
      const result = await scanSubset(root, subset, sheet, policy, issues);
      samples.push(...result.samples);
      rejected += result.rejected;
      details[subset.subset] = result.details;
    }
    if (sources.length === 0)
      throw new MeUnifyError(
        `${root}: no usable SMIC-E annotation sheet; expected SMIC-HS-E_annotation.xlsx (or _2019, SMIC-VIS-E…, SMIC-NIR-E…) next to the clip folders, or pass --sheet <file>`,
        { file: root },
      );
    reportApexPolicy(issues, 'SMIC-E', policy, samples.filter((s) => s.apex_source !== 'annotated').length);
    return { root, layout: null, samples, sources, details, rejected } satisfies ScanResult;
  },
};

/** The sheet for one camera: --sheet, its own annotation file, or the tab of that name in another camera's file. */
async function subsetSheet(
  root: string,
  subset: SmicESubsetDir,
  all: readonly SmicESubsetDir[],
  given: string | undefined,
  issues: IssueLog,
): Promise<SubsetSheet | null> {
  const name = subset.subset.toUpperCase();
  const candidates = given
    ? [path.resolve(given)]
    : [...subset.sheets, ...all.filter((s) => s !== subset).flatMap((s) => s.sheets)];
  if (!given && subset.sheets.length > 1) {
    issues.warn(
      'smic-e.several-sheets',
      `several ${name} annotation sheets found (${subset.sheets.map((s) => path.basename(s)).join(', ')}); using ${path.basename(subset.sheets[0] as string)}. Pass --sheet to choose another`,
      { file: relativePosix(root, subset.sheets[0] as string) },
    );
  }
  for (const file of candidates) {
    const workbook = await readWorkbook(file);
    const table = smicETable(workbook, subset.subset);
    if (!table) continue;
    const rel = path.isAbsolute(relativePosix(root, file)) ? file : relativePosix(root, file);
    if (!subset.sheets.includes(file) && !given)
      issues.info('smic-e.sheet-from-other-file', `${name} rows read from tab '${table.name}' of ${rel}`, {
        file: rel,
      });
    const sheet = parseSmicESheet(table, rel, subset.subset, issues);
    issues.info(
      'smic-e.sheet-version',
      `read ${sheet.dataRows} ${name} rows of tab '${sheet.sheetName}', recognised as ${sheet.version}`,
      { file: rel },
    );
    for (const note of sheet.notes)
      issues.info('smic-e.sheet-note', `text row, not a clip, left out: ${JSON.stringify(note.text)}`, {
        file: rel,
        row: note.row,
      });
    return { file, rel, workbook, sheet };
  }
  issues.error(
    'smic-e.no-sheet',
    `no annotation sheet with a ${name} tab (Subject, Filename, OnsetF, OffsetF…) for ${relativePosix(root, subset.dir) || '.'}/; its clips are not converted. Expected SMIC-${name}-E_annotation.xlsx there, or pass --sheet`,
    { file: relativePosix(root, subset.dir) || '.' },
  );
  return null;
}

async function scanSubset(
  root: string,
  subset: SmicESubsetDir,
  sheet: SubsetSheet,
  policy: ApexPolicy,
  issues: IssueLog,
): Promise<{ samples: SourceSample[]; rejected: number; details: Record<string, unknown> }> {
  const outcomes = new Map<RowOutcome, string[]>();
  const record = (o: RowOutcome, clip: string) => outcomes.set(o, [...(outcomes.get(o) ?? []), clip]);
  const seen = new Set<string>();
  const limit = pLimit(16);
  const built = await Promise.all(
    sheet.sheet.rows.map((row) => {
      const key = row.filename.toLowerCase();
      if (seen.has(key)) {
        issues.error(
          'sheet.duplicate-clip',
          `${row.filename} is listed again; expected one row per clip (a second interval goes in Onset2F/Offset2F)`,
          { file: sheet.rel, row: row.row, sample: sampleId(subset.subset, row, 1) },
        );
        record('rejected', row.filename);
        return [];
      }
      seen.add(key);
      return limit(async () => {
        const { samples, outcome } = await rowSamples(root, subset, sheet, row, policy, issues);
        record(outcome, row.filename);
        return samples;
      });
    }),
  );
  const samples = built.flat();
  const sheetRejected = sheet.sheet.rejected;
  const rowsRejected = (outcomes.get('rejected') ?? []).length;
  const missing = (outcomes.get('missing') ?? []).length;
  await reportUnlisted(root, subset, seen, issues);
  return {
    samples,
    // rows that gave no sample because of an error, plus intervals of converted rows that failed
    rejected:
      sheetRejected + rowsRejected + missing + countFailedIntervals(sheet.sheet.rows, samples, subset.subset),
    details: {
      sheet: sheet.rel,
      sheet_tab: sheet.sheet.sheetName,
      sheet_version: sheet.sheet.version,
      clips_folder: subset.clipsDir ? relativePosix(root, subset.clipsDir) : null,
      // every data row ends up in exactly one of these (datasets.md §3.4)
      rows: {
        data: sheet.sheet.dataRows,
        converted: (outcomes.get('converted') ?? []).length,
        lost_known: outcomes.get('lost') ?? [],
        folder_missing: outcomes.get('missing') ?? [],
        rejected: rowsRejected + sheetRejected,
        text_rows_left_out: sheet.sheet.notes.length,
      },
      samples: samples.length,
    },
  };
}

function sampleId(subset: SmicSubset, row: SmicERow, k: number): string {
  return `smic-e/${subset}/${padSubject(row.subject)}/${row.filename}${k === 1 ? '' : `_${k}`}`;
}

function countFailedIntervals(
  rows: readonly SmicERow[],
  samples: readonly SourceSample[],
  subset: SmicSubset,
) {
  const ids = new Set(samples.map((s) => s.id));
  let n = 0;
  for (const row of rows) {
    const made = row.intervals.filter((i) => ids.has(sampleId(subset, row, i.k))).length;
    // only rows that produced something: wholly failed rows are already counted once
    if (made > 0) n += row.intervals.length - made + row.badIntervals.length;
  }
  return n;
}

async function clipFolder(subset: SmicESubsetDir, row: SmicERow): Promise<string | null> {
  if (!subset.clipsDir) return null;
  const subjectDir = subjectFolder(subset.subjects, row.subject);
  if (!subjectDir) return null;
  const dir = path.join(subset.clipsDir, subjectDir);
  const clips = await listDirs(dir);
  const match =
    clips.find((c) => c === row.filename) ??
    clips.find((c) => c.toLowerCase() === row.filename.toLowerCase());
  return match ? path.join(dir, match) : null;
}

async function rowSamples(
  root: string,
  subset: SmicESubsetDir,
  sheet: SubsetSheet,
  row: SmicERow,
  policy: ApexPolicy,
  issues: IssueLog,
): Promise<{ samples: SourceSample[]; outcome: RowOutcome }> {
  const id1 = sampleId(subset.subset, row, 1);
  const where = { sample: id1, file: sheet.rel, row: row.row };
  const dir = await clipFolder(subset, row);
  const ids = row.intervals.map((i) => sampleId(subset.subset, row, i.k));
  if (!dir) {
    const expected = subset.clipsDir
      ? `${relativePosix(root, subset.clipsDir)}/${padSubject(row.subject)}/${row.filename}`
      : `${relativePosix(root, subset.dir)}/SMIC-${subset.subset.toUpperCase()}-E/${padSubject(row.subject)}/${row.filename}`;
    const what = `no folder ${expected}/ for this sheet row; not converted (${ids.join(', ')})`;
    if (subset.subset === 'hs' && KNOWN_LOST_HS.includes(row.filename.toLowerCase())) {
      issues.warn(
        'smic-e.clip-lost',
        `${what}. ${row.filename} is one of the five HS clips missing from real downloads (data loss reported by the dataset owners, datasets.md §3.1, §3.4)`,
        where,
      );
      return { samples: [], outcome: 'lost' };
    }
    issues.error('frames.folder-missing', `${what}; expected the long clip's frames there`, where);
    return { samples: [], outcome: 'missing' };
  }
  const rel = relativePosix(root, dir);
  const listing = await listFrames(dir);
  if (listing.duplicates.length > 0) {
    const d = listing.duplicates[0];
    issues.error(
      'frames.duplicate',
      `${rel}/: frame number ${d?.number} is written by several files (${d?.names.join(', ')}); expected one file per frame`,
      { ...where, file: rel },
    );
    return { samples: [], outcome: 'rejected' };
  }
  const frames = listing.frames;
  if (frames.length === 0) {
    issues.error('frames.empty', `${rel}/ holds no numbered frames; expected image<frame>.jpg files`, {
      ...where,
      file: rel,
    });
    return { samples: [], outcome: 'rejected' };
  }
  const firstOnDisk = (frames[0] as FrameFile).number;
  if (row.firstF !== null && firstOnDisk !== row.firstF && firstOnDisk >= row.firstF) {
    issues.warn(
      'smic-e.first-frame-mismatch',
      `${rel}/ starts at frame ${firstOnDisk}; the sheet's FirstF is ${row.firstF}`,
      where,
    );
  }
  checkEmotion(row, where, issues);
  const samples: SourceSample[] = [];
  for (const interval of row.intervals) {
    const id = sampleId(subset.subset, row, interval.k);
    const range = locate(frames, row, interval, rel, id, sheet, issues);
    if (!range) continue;
    const apex =
      range.apex_source === 'annotated'
        ? range
        : { ...range, ...unannotatedApex(range.onset, range.offset, policy) };
    samples.push({
      id,
      dataset: 'smic-e',
      subset: subset.subset,
      // the same 20 people as SMIC: one subject id for both, so LOSO over both stays honest
      subject: `smic/${padSubject(row.subject)}`,
      clip: row.filename,
      kind: 'micro',
      fps: SMIC_FPS[subset.subset],
      frames: frames.map((f) => f.path),
      onset: apex.onset,
      apex: apex.apex,
      offset: apex.offset,
      source_frames: { onset: interval.onset, apex: interval.apex, offset: interval.offset },
      apex_source: apex.apex_source,
      emotion: row.emotion,
      aus: [],
      aus_raw: null,
      source: { directory: rel, sheet: sheet.rel, sheet_name: sheet.sheet.sheetName, row: row.row },
      extra: { interval: interval.k, first_frame: row.firstF, long_clip: true },
    });
  }
  return { samples, outcome: samples.length > 0 ? 'converted' : 'rejected' };
}

/**
 * Onset/offset are absolute frame numbers, as in the file names (§3.3, davidnvq). Where a copy
 * renumbered its files from 0 or 1, the index is OnsetF − FirstF instead (genbing99, §3.3).
 */
function locate(
  frames: readonly FrameFile[],
  row: SmicERow,
  interval: { k: number; onset: number; offset: number; apex: number | null },
  rel: string,
  id: string,
  sheet: SubsetSheet,
  issues: IssueLog,
): FrameRange | null {
  const where = { sample: id, file: sheet.rel, row: row.row };
  const suffix = interval.k === 1 ? '' : String(interval.k);
  let located = locateRange(frames, interval.onset, interval.apex, interval.offset);
  const first = (frames[0] as FrameFile).number;
  if (
    !located.range &&
    located.problem?.kind !== 'order' &&
    row.firstF !== null &&
    first < row.firstF &&
    interval.onset >= row.firstF
  ) {
    const shift = row.firstF - first;
    const relative = locateRange(
      frames,
      interval.onset - shift,
      interval.apex === null ? null : interval.apex - shift,
      interval.offset - shift,
    );
    if (relative.range) {
      issues.warn(
        'smic-e.relative-numbering',
        `${rel}/ numbers its frames from ${first}, not from FirstF ${row.firstF}; Onset${suffix}F/Offset${suffix}F taken relative to FirstF (index = OnsetF − FirstF, datasets.md §3.3)`,
        where,
      );
      located = relative;
    }
  }
  if (!located.range) {
    issues.error(
      'frames.range',
      `${rel}/: ${describeRangeProblem(located.problem as never)} (Onset${suffix}F ${interval.onset}, Offset${suffix}F ${interval.offset}; the folder holds ${first}..${frames[frames.length - 1]?.number})`,
      where,
    );
    return null;
  }
  if (located.apexProblem) {
    issues.warn(
      'apex.outside',
      `ApexF ${located.apexProblem.number} is ${located.apexProblem.kind === 'apex-outside' ? 'outside onset..offset' : 'not a frame in the folder'}; the apex is left to the apex policy, the sheet value is kept in source_frames`,
      where,
    );
  }
  return located.range;
}

function checkEmotion(
  row: SmicERow,
  where: { sample: string; file: string; row: number },
  issues: IssueLog,
): void {
  const code = CLIP_NAME.exec(row.filename)?.[2]?.toLowerCase();
  const fromName = code ? CODE_EMOTION[code] : undefined;
  if (fromName && row.emotion && row.emotion.trim().toLowerCase() !== fromName)
    issues.info(
      'smic-e.emotion-differs-from-name',
      `Emotion '${row.emotion}' while the clip name says ${fromName}; the sheet's Emotion is kept`,
      where,
    );
}

/** Clip folders on disk that no sheet row names: reported, not converted. */
async function reportUnlisted(
  root: string,
  subset: SmicESubsetDir,
  listed: Set<string>,
  issues: IssueLog,
): Promise<void> {
  if (!subset.clipsDir) return;
  for (const subjectDir of subset.subjects.filter((s) => SUBJECT_DIR.test(s))) {
    for (const clip of await listDirs(path.join(subset.clipsDir, subjectDir))) {
      if (listed.has(clip.toLowerCase())) continue;
      const rel = relativePosix(root, path.join(subset.clipsDir, subjectDir, clip));
      issues.warn('smic-e.unlisted-folder', `${rel}/ has no row in the annotation sheet; not converted`, {
        file: rel,
      });
    }
  }
}
