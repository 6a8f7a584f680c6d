import path from 'node:path';
import pLimit from 'p-limit';
import { MeUnifyError } from '../../report/errors.js';
import { IssueLog } from '../../report/issues.js';
import { type FrameListing, listFrames } from '../../sources/frames.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import { readWorkbook } from '../../sources/sheet.js';
import { actionUnitsOf } from '../action-units.js';
import type { Adapter, Confidence, Detection, ScanResult, SourceSample } from '../adapter.js';
import { detectInCandidates, folderDetection } from '../folders.js';
import { describeRangeProblem, locateRange } from '../indices.js';
import { findFiles, findLongVideoFrames, LONG_SHEET_FILE, type LongVideoFrames } from './layout.js';
import { findLongVideoTable, type LongVideoRow, parseLongVideoSheet } from './lv-sheet.js';
import { type EmotionMatch, mergeEmotions } from './merge.js';
import { findMicroSheets, isMicroSheet, SAMM_FPS } from './samm.js';
import { parseSammSheet, type SammRow } from './sheet.js';

/** Long-video sheets, the newest release first (V3 before V2 before V1; .xlsx before .xls). */
async function findLongVideoSheets(dirs: readonly string[]): Promise<string[]> {
  const files = await findFiles(dirs, LONG_SHEET_FILE);
  const release = (f: string) => Number(/_V(\d+)/i.exec(path.basename(f))?.[1] ?? 0);
  const xls = (f: string) => Number(/\.xls$/i.test(f));
  return files.sort((a, b) => release(b) - release(a) || xls(a) - xls(b) || a.localeCompare(b));
}

async function isLongVideoSheet(file: string): Promise<boolean> {
  try {
    return findLongVideoTable(await readWorkbook(file)) !== null;
  } catch {
    return false;
  }
}

async function detectIn(dir: string): Promise<Omit<Detection, 'adapter'>> {
  const evidence: string[] = [];
  const frames = await findLongVideoFrames(dir);
  let sheetOk = false;
  for (const s of await findLongVideoSheets(frames ? [dir, frames.dir] : [dir])) {
    if (await isLongVideoSheet(s)) {
      evidence.push(
        `long-video sheet ${relativePosix(dir, s)} with a Subject/Filename/Onset/Offset/Type header`,
      );
      sheetOk = true;
      break;
    }
  }
  if (frames)
    evidence.push(
      `${relativePosix(dir, frames.dir) || '.'}/ holds ${frames.videos.length} sss_n video folders`,
    );
  let confidence: Confidence = 'none';
  if (sheetOk && frames) confidence = 'high';
  else if (frames?.named) confidence = 'medium';
  else if (sheetOk || frames) confidence = 'low';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no SAMM long-video sheet (SAMM_LongVideos_V*_Release.xlsx) and no SAMM_longvideos/ folder with sss_n video folders',
  );
}

export const sammLv: Adapter = {
  id: 'samm-lv',
  title: 'SAMM Long Videos',

  detect: (root) => detectInCandidates('samm-lv', root, detectIn),

  async scan(root, ctx) {
    const { issues, options } = ctx;
    const frames = await findLongVideoFrames(root);
    if (!frames) {
      throw new MeUnifyError(
        `${root}: no SAMM long-video frames found; expected SAMM_longvideos/ holding one folder per video (006_1/)`,
        { file: root },
      );
    }
    const sheetFile = await chooseSheet(root, frames, options.sheet, issues);
    const relSheet = relativePosix(root, sheetFile);
    const workbook = await readWorkbook(sheetFile);
    const sheet = parseLongVideoSheet(workbook, relSheet, issues);
    if (!sheet) {
      throw new MeUnifyError(
        `${sheetFile}: no sheet with a SAMM long-video header; expected sheet FACS_Movement_Only with columns Subject, Filename, Onset, Apex, Offset, Type`,
        { file: sheetFile },
      );
    }
    issues.info(
      'samm-lv.sheet-version',
      `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}', recognised as ${sheet.version}`,
      { file: relSheet },
    );
    const micro = await readMicroSheet(root, frames, options.microSheet, issues);
    const merge = micro ? mergeEmotions(sheet.rows, micro.rows) : null;
    if (micro && merge) reportMerge(merge, micro.relFile, relSheet, issues);

    const listings = new Map<string, Promise<VideoFrames>>();
    const listVideo = (video: string) => {
      let p = listings.get(video);
      if (!p) {
        p = listFrames(path.join(frames.dir, video)).then((listing) => ({
          listing,
          paths: listing.frames.map((f) => f.path),
        }));
        listings.set(video, p);
      }
      return p;
    };
    const seen = new Set<string>();
    const limit = pLimit(16);
    const built = await Promise.all(
      sheet.rows.map((row) => {
        const id = `samm-lv/${row.video}/${row.filename}`;
        if (seen.has(id)) {
          issues.error(
            'sheet.duplicate-clip',
            `${row.filename} is listed twice; expected one row per movement`,
            {
              sample: id,
              file: relSheet,
              row: row.row,
            },
          );
          return null;
        }
        seen.add(id);
        const match = merge?.matches.get(row) ?? null;
        return limit(() =>
          buildSample(
            root,
            frames,
            row,
            id,
            relSheet,
            sheet.sheetName,
            listVideo,
            match,
            micro?.relFile ?? null,
            issues,
          ),
        );
      }),
    );
    const samples = built.filter((s): s is SourceSample => s !== null);
    const videosInSheet = new Set(sheet.rows.map((r) => r.video));
    const unlisted = frames.videos.filter((v) => !videosInSheet.has(v));
    for (const v of unlisted) {
      const rel = relativePosix(root, path.join(frames.dir, v));
      issues.info('samm-lv.unlisted-video', `${rel}/ has no row in the long-video sheet; not converted`, {
        file: rel,
      });
    }
    const sources = [
      { file: relSheet, sha256: workbook.sha256, version: sheet.version, rows: sheet.dataRows },
    ];
    if (micro)
      sources.push({
        file: micro.relFile,
        sha256: micro.sha256,
        version: micro.version,
        rows: micro.dataRows,
      });
    return {
      root,
      layout: null,
      samples,
      sources,
      details: {
        sheet_version: sheet.version,
        sheet_name: sheet.sheetName,
        frames_folder: relativePosix(root, frames.dir) || '.',
        micro_sheet: micro?.relFile ?? null,
        emotion_merge: merge
          ? {
              micro_rows_in_long_video_sheet: merge.microRows,
              matched: merge.matches.size,
              matched_same_filename: merge.sameFilename,
              long_video_rows_unmatched: merge.unmatchedLongVideo.map((r) => r.filename),
              micro_sheet_rows_unmatched: merge.unmatchedMicro.length,
            }
          : null,
        unlisted_videos: unlisted,
      },
      rejected: sheet.rejected + (built.length - samples.length),
    } satisfies ScanResult;
  },
};

/** A long video's frames, listed once and shared by every sample cut from it. */
interface VideoFrames {
  listing: FrameListing;
  paths: string[];
}

async function chooseSheet(
  root: string,
  frames: LongVideoFrames,
  given: string | undefined,
  issues: IssueLog,
): Promise<string> {
  if (given) return path.resolve(given);
  const sheets = await findLongVideoSheets([root, frames.dir]);
  const first = sheets[0];
  if (!first) {
    throw new MeUnifyError(
      `${root}: no SAMM long-video sheet found; expected SAMM_LongVideos_V3_Release.xlsx (or V1/V2, .xls) here or in ${relativePosix(root, frames.dir) || '.'}/, or pass --sheet <file>`,
      { file: root },
    );
  }
  if (sheets.length > 1) {
    issues.warn(
      'samm-lv.several-sheets',
      `several long-video sheets found (${sheets.map((s) => relativePosix(root, s)).join(', ')}); using the newest release, ${relativePosix(root, first)}. Pass --sheet to choose another`,
      { file: relativePosix(root, first) },
    );
  }
  return first;
}

interface MicroSheet {
  relFile: string;
  sha256: string;
  version: string;
  dataRows: number;
  rows: SammRow[];
}

/**
 * The SAMM micro sheet, when it is beside the long videos (here, in the frames folder, or in a
 * sibling `SAMM/` folder), or given as the `microSheet` scan option. Its own problems do not stop
 * the conversion: they only limit the merge, and are summarised.
 */
async function readMicroSheet(
  root: string,
  frames: LongVideoFrames,
  given: unknown,
  issues: IssueLog,
): Promise<MicroSheet | null> {
  let file: string | null = typeof given === 'string' ? path.resolve(given) : null;
  if (!file) {
    const siblings = (await listDirs(root)).filter((d) => /^samm$/i.test(d)).map((d) => path.join(root, d));
    for (const f of await findMicroSheets([root, frames.dir, ...siblings])) {
      if (await isMicroSheet(f)) {
        file = f;
        break;
      }
    }
  }
  if (!file) {
    issues.info(
      'samm-lv.no-micro-sheet',
      'no SAMM micro sheet (SAMM_Micro_FACS_Codes_v2.xlsx) beside the long videos; the long-video sheet has no emotion column, so every emotion is null. Put the micro sheet in this folder to merge the micro-expressions’ emotions',
    );
    return null;
  }
  const relFile = relativePosix(root, file);
  const scratch = new IssueLog();
  const workbook = await readWorkbook(file);
  const sheet = parseSammSheet(workbook, relFile, scratch);
  if (!sheet) {
    issues.warn('samm-lv.micro-sheet', 'not a SAMM micro sheet (no MICRO_ONLY header); no emotion merged', {
      file: relFile,
    });
    return null;
  }
  if (sheet.rejected > 0) {
    issues.warn(
      'samm-lv.micro-sheet',
      `${sheet.rejected} rows of the micro sheet cannot be read; their emotions are not merged (convert the SAMM micro dataset for details)`,
      { file: relFile },
    );
  }
  return {
    relFile,
    sha256: workbook.sha256,
    version: sheet.version,
    dataRows: sheet.dataRows,
    rows: sheet.rows,
  };
}

function reportMerge(
  merge: ReturnType<typeof mergeEmotions>,
  microFile: string,
  longFile: string,
  issues: IssueLog,
): void {
  const summary = `${merge.matches.size} of ${merge.microRows} micro-expressions of the long-video sheet matched a row of ${microFile} (${merge.sameFilename} of them with the same Filename); ${merge.unmatchedMicro.length} micro-sheet rows matched no long-video row`;
  if (merge.microRows > 0 && merge.matches.size === 0) {
    // the silent empty merge users hit (datasets.md §2.5, §7.6)
    issues.warn(
      'samm-lv.emotion-merge-empty',
      `${summary}. No emotion was merged: expected micro rows of the same video (006_1) with overlapping Onset..Offset frames. Check that both sheets belong to the same release`,
      { file: microFile },
    );
    return;
  }
  issues.info('samm-lv.emotion-merge', summary, { file: microFile });
  for (const r of merge.unmatchedLongVideo) {
    issues.warn(
      'samm-lv.emotion-unmatched',
      `${r.filename} (Micro, frames ${r.onset ?? '?'}..${r.offset ?? '?'}) has no row in ${microFile} with overlapping frames; its emotion is null`,
      { sample: `samm-lv/${r.video}/${r.filename}`, file: longFile, row: r.row },
    );
  }
}

async function buildSample(
  root: string,
  frames: LongVideoFrames,
  row: LongVideoRow,
  id: string,
  relSheet: string,
  sheetName: string,
  listVideo: (video: string) => Promise<VideoFrames>,
  match: EmotionMatch | null,
  microFile: string | null,
  issues: IssueLog,
): Promise<SourceSample | null> {
  const where = { sample: id, file: relSheet, row: row.row };
  const relDir = relativePosix(root, path.join(frames.dir, row.video));
  if (!frames.videos.includes(row.video)) {
    issues.error(
      'frames.folder-missing',
      `no folder ${relDir}/ for this sheet row; expected the long video's frames there`,
      where,
    );
    return null;
  }
  const { listing, paths } = await listVideo(row.video);
  if (listing.duplicates.length > 0) {
    const d = listing.duplicates[0];
    issues.error(
      'frames.duplicate',
      `${relDir}/: frame number ${d?.number} is written by several files (${d?.names.join(', ')}); expected one file per frame`,
      where,
    );
    return null;
  }
  const lastFrame = listing.frames[listing.frames.length - 1]?.number ?? 0;
  const round = (n: number | null) => (n === null ? null : Math.round(n));
  const apexNo = round(row.apex);
  // onset or offset 0 means unknown (datasets.md §2.5): the range starts/ends at the apex (FORMAT.md)
  const onsetNo = round(row.onset) ?? apexNo;
  let offsetNo = round(row.offset) ?? apexNo;
  if (onsetNo === null || offsetNo === null) {
    issues.error(
      'samm-lv.range-unknown',
      `${row.filename}: Onset ${row.onset ?? 'unknown'}, Apex ${row.apex ?? 'unknown'}, Offset ${row.offset ?? 'unknown'}; expected at least the apex when onset or offset is 0`,
      where,
    );
    return null;
  }
  if (apexNo === null) {
    issues.warn(
      'apex.unknown',
      `${row.filename}: Apex is 0 or empty; the apex is left unknown (apex_source: missing)`,
      where,
    );
  }
  for (const [name, value] of [
    ['Onset', row.onset],
    ['Offset', row.offset],
  ] as const) {
    if (value === null) {
      issues.warn(
        `samm-lv.${name.toLowerCase()}-unknown`,
        `${row.filename}: ${name} is 0 (unknown); the sample's range ${name === 'Onset' ? 'starts' : 'ends'} at the apex (frame ${apexNo}) and source_frames.${name.toLowerCase()} is null`,
        where,
      );
    }
  }
  if (onsetNo > lastFrame) {
    issues.error(
      'frames.range',
      `${relDir}/: ${row.filename} starts at frame ${onsetNo} but the video's frames end at ${lastFrame}`,
      where,
    );
    return null;
  }
  if (offsetNo > lastFrame) {
    // 020_6_5 (5476 vs 5001) and 036_7_4 (8298 vs 8201) in the release (datasets.md §2.5)
    issues.warn(
      'samm-lv.offset-past-end',
      `${row.filename}: Offset ${offsetNo} is past the last frame of ${relDir}/ (${lastFrame}); the sample is clipped to the frames that exist, source_frames.offset keeps ${row.offset ?? offsetNo}`,
      where,
    );
    offsetNo = lastFrame;
  }
  const located = locateRange(listing.frames, onsetNo, apexNo, offsetNo);
  if (!located.range) {
    const problem = located.problem ? describeRangeProblem(located.problem) : 'frames not found';
    issues.error(
      'frames.range',
      `${relDir}/: ${problem} (${row.filename}, Onset ${row.onset ?? 0}, Offset ${row.offset ?? 0})`,
      where,
    );
    return null;
  }
  if (located.apexProblem) {
    const outside = located.apexProblem.kind === 'apex-outside';
    issues.warn(
      'apex.outside',
      `${row.filename}: Apex ${located.apexProblem.number} is ${outside ? `outside the sample's frames ${onsetNo}..${offsetNo}` : 'not a frame in the folder'}; the apex is left unknown (apex_source: missing), the sheet value is kept in source_frames.apex`,
      where,
    );
  }
  const actionUnits = actionUnitsOf(row.ausCell, issues, where);
  return {
    id,
    dataset: 'samm-lv',
    subset: null,
    subject: `samm-lv/${row.subject}`,
    clip: row.filename,
    kind: row.kind,
    fps: SAMM_FPS,
    // the whole long video (frames from 1, datasets.md §2.5); one array shared by its samples
    frames: paths,
    onset: located.range.onset,
    apex: located.range.apex,
    offset: located.range.offset,
    source_frames: { onset: row.onset, apex: row.apex, offset: row.offset },
    apex_source: located.range.apex_source,
    emotion: match?.micro.emotion ?? null,
    ...actionUnits,
    source: { directory: relDir, sheet: relSheet, sheet_name: sheetName, row: row.row },
    extra: {
      video: row.video,
      type: row.type,
      inducement_code: row.inducement,
      notes: row.notes,
      emotion_from:
        match && microFile
          ? {
              sheet: microFile,
              row: match.micro.row,
              filename: match.micro.filename,
              same_filename: match.sameFilename,
            }
          : null,
      objective_class: match?.micro.objectiveClass ?? null,
    },
  };
}
