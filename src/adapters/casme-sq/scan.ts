import path from 'node:path';
import { MeUnifyError, usageError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import type { FrameListing } from '../../sources/frames.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { actionUnitsOf } from '../kit/action-units.js';
import { type ApexPolicy, unannotatedApex } from '../kit/apex-policy.js';
import { locateClip } from '../kit/clip.js';
import { clipFrames } from '../kit/clip-frames.js';
import { describeRangeProblem, type FrameRange, locateRange } from '../kit/locate-range.js';
import { openSheet } from '../kit/open-sheet.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { reportUnlistedFolders } from '../kit/unlisted-folders.js';
import { findCasmeSqSheets } from './detect.js';
import { rawVideoFiles, videoFolders } from './folders.js';
import { CASME_SQ_LAYOUTS, type FoundLayout, findLayouts, isCasmeSqLayout, subjectNumber } from './layout.js';
import { type ResolvedRow, reportIntervals, resolveRows } from './rows.js';
import { type CasmeSqSheet, parseCasmeSqSheet } from './sheet.js';

const FPS = 30; // docs/datasets-more.md §1.1
const LABELS = { onset: 'onset (C)', apex: 'apex (D)', offset: 'offset (E)' };

export interface CasmeSqOptions {
  layout?: string | undefined;
  sheet?: string | undefined;
  apexPolicy?: ApexPolicy | undefined;
}

type Where = { sample: string; file: string; row: number };

export async function scanCasmeSq(root: string, ctx: ScanContext<CasmeSqOptions>): Promise<ScanResult> {
  const { issues, options } = ctx;
  const {
    relFile: relSheet,
    workbook,
    sheet,
  } = await openSheet(
    {
      root,
      given: options.sheet,
      found: await findCasmeSqSheets(root),
      what: 'CAS(ME)² sheet',
      missing:
        "no CAS(ME)² sheet found; expected CAS(ME)^2code_final.xlsx (tabs CASFEcode_final, 'naming rule1', 'naming rule2') in this folder",
    },
    (wb, rel) => parseCasmeSqSheet(wb, rel, issues),
    "not a CAS(ME)² sheet; expected a main tab and tabs 'naming rule1' and 'naming rule2' (docs/datasets-more.md §1.4)",
    issues,
  );
  const version = reportVersion(sheet, relSheet, issues);
  const layout = await chooseLayout(root, options.layout, issues);
  const policy = options.apexPolicy ?? 'midpoint';
  const rows = resolveRows(sheet, relSheet, issues);
  const overlaps = reportIntervals(rows, relSheet, issues);
  const folders = layout.layout.long ? videoFolders(root, layout) : null;
  const listings = new Map<string, Promise<{ listing: FrameListing; paths: string[] } | null>>();
  const aviOf = rawVideoFiles(root);
  const used = new Set<string>();

  /** A long video's frames, listed (and checked) once for all its rows. */
  const listVideo = (dir: string, where: Where) => {
    let p = listings.get(dir);
    if (!p) {
      p = clipFrames(dir, relativePosix(root, dir), where, issues).then((listing) =>
        listing ? { listing, paths: listing.frames.map((f) => f.path) } : null,
      );
      listings.set(dir, p);
    }
    return p;
  };

  const build = async (row: ResolvedRow, id: string): Promise<SourceSample | null> => {
    const where = { sample: id, file: relSheet, row: row.row };
    const numbers = sheetNumbers(row, where, issues);
    if (!numbers) return null;
    let located: { frames: readonly string[]; range: FrameRange; directory: string } | null;
    if (folders) {
      const found = await folders.find(row.folder, row.code);
      if ('problem' in found) {
        issues.error('frames.folder-missing', found.problem, where);
        return null;
      }
      used.add(found.dir);
      located = await locateInVideo(found.dir, numbers, where);
    } else {
      located = await locateInClip(row, numbers, where);
    }
    if (!located) return null;
    const range = numbers.apexNo === null ? withPolicyApex(located.range, policy) : located.range;
    const nn = String(subjectNumber(row.folder)).padStart(2, '0');
    return {
      id,
      dataset: 'casme-sq',
      subset: null,
      subject: `casme-sq/${row.folder}`,
      event: null,
      clip: row.video,
      kind: row.kind,
      fps: FPS,
      frames: located.frames,
      onset: range.onset,
      apex: range.apex,
      offset: range.offset,
      // 0 = not annotated (docs/datasets-more.md §0): null here, the substitution is in the range only
      source_frames: { onset: row.onset, apex: numbers.apexNo, offset: row.offset > 0 ? row.offset : null },
      apex_source: range.apex_source,
      emotion: row.emotion,
      ...actionUnitsOf(row.aus, issues, where),
      source: { directory: located.directory, sheet: relSheet, sheet_name: sheet.mainTab, row: row.row },
      extra: {
        // the video as the MEGC 2020 log names it, `15_0401` (docs/datasets-more.md §1.6)
        video: `${nn}_${row.code}`,
        video_code: row.code,
        stimulus: row.stimulus,
        type: row.type,
        self_report: row.selfReport,
        raw_video: await aviOf(row.folder, row.code),
      },
    };
  };

  /** The row's frames inside its long video: every frame of the video, onset..offset located by number. */
  async function locateInVideo(dir: string, n: SheetNumbers, where: Where) {
    const video = await listVideo(dir, where);
    if (!video) return null;
    const directory = relativePosix(root, dir);
    const located = locateRange(video.listing.frames, n.onsetNo, n.apexNo, n.offsetNo);
    if (!located.range) {
      issues.error(
        'frames.range',
        `${directory}/: ${describeRangeProblem(located.problem)} (${LABELS.onset} ${n.onsetNo}, ${LABELS.offset} ${n.offsetNo})`,
        where,
      );
      return null;
    }
    if (located.apexProblem) reportApexOutside(located.apexProblem, n, where, issues);
    return { frames: video.paths, range: located.range, directory };
  }

  /** A Part B row's own folder (`selectedpic/s15/anger1_1/`, `cropped/15/anger1_1/`), §1.2 a. */
  async function locateInClip(row: ResolvedRow, n: SheetNumbers, where: Where) {
    const want = subjectNumber(row.folder);
    const subject = layout.subjects.find((s) => subjectNumber(s) === want) ?? row.folder;
    const clip = await locateClip(
      {
        root,
        dir: path.join(layout.dir, subject, row.video),
        where,
        onset: n.onsetNo,
        apex: n.apexNo,
        offset: n.offsetNo,
        labels: LABELS,
      },
      issues,
    );
    return clip ? { frames: clip.frames, range: clip, directory: clip.directory } : null;
  }

  const result = await rowsToSamples(
    {
      rows,
      idOf: (row) => `casme-sq/${row.folder}/${row.video}`,
      describe: (row) => `${row.folder}/${row.video}`,
      where: (row) => ({ file: relSheet, row: row.row }),
      build,
    },
    issues,
  );
  if (folders) await folders.reportUnused(used, issues);
  else
    await reportUnlistedFolders(
      root,
      layout.subjects.map((d) => ({
        dir: path.join(layout.dir, d),
        idOf: (clip) => `casme-sq/s${subjectNumber(d)}/${clip}`,
      })),
      result.listed,
      'CAS(ME)² sheet',
      issues,
    );
  return {
    root,
    layout: layout.layout.id,
    samples: result.built,
    sources: [{ file: relSheet, sha256: workbook.sha256, version, rows: sheet.dataRows }],
    details: {
      sheet_version: version,
      sheet_name: sheet.mainTab,
      layout_folder: relativePosix(root, layout.dir),
      apex_policy: policy,
      overlapping_pairs: overlaps,
    },
    rejected: sheet.rejected + (sheet.rows.length - rows.length) + result.failed,
  };
}

interface SheetNumbers {
  onsetNo: number;
  /** null: apex 0, not annotated. */
  apexNo: number | null;
  /** The offset, or the apex where the offset is 0 (the organisers' rule, §0). */
  offsetNo: number;
}

/**
 * The frame numbers a row's range is located with. Offset 0 (44 macro rows) ends the range at the
 * apex, as every spotting loader does; apex 0 (one row) is left to the apex policy; both reported
 * (docs/datasets-more.md §0, §1.7). Neither known: the row cannot become a sample.
 */
function sheetNumbers(row: ResolvedRow, where: Where, issues: IssueLog): SheetNumbers | null {
  const apexNo = row.apex > 0 ? row.apex : null;
  if (row.offset <= 0 && apexNo === null) {
    issues.error(
      'sheet.bad-interval',
      `${row.video}: offset (E) and apex (D) are both 0 (not annotated); expected at least the apex to end the range at`,
      where,
    );
    return null;
  }
  if (row.offset <= 0)
    issues.warn(
      'offset.not-annotated',
      `${row.video}: offset (E) is 0 (not annotated); the sample's range ends at the apex, frame ${apexNo}, as the MEGC organisers' loader does (docs/datasets-more.md §0); source_frames.offset is null`,
      where,
    );
  if (apexNo === null)
    issues.warn(
      'apex.not-annotated',
      `${row.video}: apex (D) is 0 (not annotated); the apex is set by the apex policy (midpoint of onset..offset as the MEGC organisers do, or missing with --apex missing), source_frames.apex is null (docs/datasets-more.md §0)`,
      where,
    );
  return { onsetNo: row.onset, apexNo, offsetNo: row.offset > 0 ? row.offset : (apexNo as number) };
}

function withPolicyApex(range: FrameRange, policy: ApexPolicy): FrameRange {
  return { ...range, ...unannotatedApex(range.onset, range.offset, policy) };
}

function reportApexOutside(
  problem: { kind: string; number: number },
  n: SheetNumbers,
  where: Where,
  issues: IssueLog,
): void {
  const outside = problem.kind === 'apex-outside';
  // rows 170, 242, 262 of the release have the apex after the offset (docs/datasets-more.md §1.7)
  issues.warn(
    'apex.outside',
    `${LABELS.apex} ${problem.number} is ${outside ? `outside ${LABELS.onset}..${LABELS.offset} (${n.onsetNo}..${n.offsetNo})` : 'not a frame in the video folder'}; the apex is left unknown (apex_source: missing), the sheet value is kept in source_frames.apex`,
    where,
  );
}

/** The sheet's copy as recognised (docs/datasets-more.md §1.4), one line in the report. */
function reportVersion(sheet: CasmeSqSheet, file: string, issues: IssueLog): string {
  const version =
    sheet.variant === 'header-less'
      ? 'official layout (header-less, three tabs)'
      : `user-edited copy with a '###' row 1${sheet.extraColumns ? ', a formula column J' : ''}${sheet.footerRows.length > 0 ? ` and footer rows ${sheet.footerRows.join(', ')}` : ''} (as CAS.xlsx); columns past I and footer rows are ignored`;
  for (const row of sheet.footerRows)
    issues.info(
      'sheet.note-row',
      `tab '${sheet.mainTab}': row has cells only past column I (a footer such as the sum and mean of column J); ignored`,
      { file, row },
    );
  issues.info(
    'sheet.version',
    `read ${sheet.dataRows} rows of tab '${sheet.mainTab}', recognised as the ${version}`,
    { file },
  );
  return version;
}

async function chooseLayout(
  root: string,
  wanted: string | undefined,
  issues: IssueLog,
): Promise<FoundLayout> {
  const layouts = await findLayouts(root);
  const names = CASME_SQ_LAYOUTS.map((l) => `${l.id} (${l.folder}/)`).join(', ');
  if (wanted) {
    if (!isCasmeSqLayout(wanted))
      throw usageError(`unknown --layout '${wanted}' for CAS(ME)²; expected one of ${names}`);
    const found = layouts.find((l) => l.layout.id === wanted);
    if (!found)
      throw new MeUnifyError(
        `${root}: no '${wanted}' frame folder found; expected ${CASME_SQ_LAYOUTS.find((l) => l.id === wanted)?.folder}/ holding subject folders`,
        { file: root },
      );
    return found;
  }
  const [first] = layouts;
  if (!first) {
    const videosOnly = (await listDirs(root)).some((d) => d.toLowerCase() === 'rawvideo');
    throw new MeUnifyError(
      `${root}: no CAS(ME)² frame folder found; expected one of ${names} holding subject folders (s15/ …)${videosOnly ? '. rawvideo/*.avi is only referenced, not decoded: unpack rawpic/ from the release' : ''}`,
      { file: root },
    );
  }
  if (layouts.length > 1)
    issues.info(
      'layout.several',
      `frame layouts present: ${layouts.map((l) => l.layout.id).join(', ')}; reading ${first.layout.id} (choose with --layout)`,
      { file: relativePosix(root, first.dir) },
    );
  return first;
}
