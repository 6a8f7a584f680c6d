import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import { type FrameFile, listFrames } from '../../sources/frames.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import type { SourceSample } from '../adapter.js';
import { type ApexPolicy, unannotatedApex } from '../kit/apex-policy.js';
import { usableFrames } from '../kit/clip-frames.js';
import type { FrameRange } from '../kit/locate-range.js';
import {
  CLIP_NAME,
  CODE_EMOTION,
  padSubject,
  SMIC_FPS,
  type SmicESubsetDir,
  type SmicSubset,
  smicEvent,
  subjectFolder,
} from '../smic/layout.js';
import type { SubsetSheet } from './find-sheets.js';
import { locate } from './locate.js';
import type { SmicEInterval, SmicERow } from './sheet.js';

/**
 * HS clips listed in the original sheet but absent from real downloads: Oulu says samples were lost
 * ("Three samples … not included in the SMIC-E-HS due to data loss", 157 HS clips), and davidnvq's
 * download lacked exactly these five (docs/datasets.md §3.1, §3.4). Their absence is expected; any other
 * absent clip is an error.
 */
export const KNOWN_LOST_HS = ['s3_ne_03', 's3_ne_20', 's4_ne_05', 's4_ne_06', 's9_sur_02'];

export type RowOutcome = 'converted' | 'lost' | 'missing' | 'rejected';

type Where = { sample: string; file: string; row: number };

export function sampleId(subset: SmicSubset, row: SmicERow, k: number): string {
  return `smic-e/${subset}/${padSubject(row.subject)}/${row.filename}${k === 1 ? '' : `_${k}`}`;
}

/** One sheet row's samples (one per interval) and what became of the row. */
export async function rowSamples(
  root: string,
  subset: SmicESubsetDir,
  sheet: SubsetSheet,
  row: SmicERow,
  policy: ApexPolicy,
  issues: IssueLog,
): Promise<{ samples: SourceSample[]; outcome: RowOutcome }> {
  const id1 = sampleId(subset.subset, row, 1);
  const where = { sample: id1, file: sheet.rel, row: row.row };
  const clip = await rowFrames(root, subset, row, where, issues);
  if ('outcome' in clip) return { samples: [], outcome: clip.outcome };
  const { rel, frames } = clip;
  checkEmotion(row, where, issues);
  const samples: SourceSample[] = [];
  for (const interval of row.intervals) {
    const id = sampleId(subset.subset, row, interval.k);
    const range = locate(frames, row, interval, rel, id, sheet, issues);
    if (!range) continue;
    samples.push(intervalSample(id, subset, sheet, row, interval, rel, frames, range, policy));
  }
  return { samples, outcome: samples.length > 0 ? 'converted' : 'rejected' };
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

/** The row's clip folder and its numbered frames, or the outcome when there are none to use. */
async function rowFrames(
  root: string,
  subset: SmicESubsetDir,
  row: SmicERow,
  where: Where,
  issues: IssueLog,
): Promise<{ rel: string; frames: readonly FrameFile[] } | { outcome: RowOutcome }> {
  const dir = await clipFolder(subset, row);
  if (!dir) return { outcome: reportMissingClip(root, subset, row, where, issues) };
  const rel = relativePosix(root, dir);
  // duplicates and undecodable names, as for every frame folder
  const listing = usableFrames(await listFrames(dir), rel, where, issues);
  if (!listing) return { outcome: 'rejected' };
  const frames = listing.frames;
  if (frames.length === 0) {
    issues.error('frames.empty', `${rel}/ holds no numbered frames; expected image<frame>.jpg files`, {
      ...where,
      file: rel,
    });
    return { outcome: 'rejected' };
  }
  const firstOnDisk = (frames[0] as FrameFile).number;
  if (row.firstF !== null && firstOnDisk !== row.firstF && firstOnDisk >= row.firstF) {
    issues.warn(
      'smic-e.first-frame-mismatch',
      `${rel}/ starts at frame ${firstOnDisk}; the sheet's FirstF is ${row.firstF}`,
      where,
    );
  }
  return { rel, frames };
}

/** A row without a clip folder: expected for the five lost HS clips, an error otherwise. */
function reportMissingClip(
  root: string,
  subset: SmicESubsetDir,
  row: SmicERow,
  where: Where,
  issues: IssueLog,
): RowOutcome {
  const ids = row.intervals.map((i) => sampleId(subset.subset, row, i.k));
  const expected = subset.clipsDir
    ? `${relativePosix(root, subset.clipsDir)}/${padSubject(row.subject)}/${row.filename}`
    : `${relativePosix(root, subset.dir)}/SMIC-${subset.subset.toUpperCase()}-E/${padSubject(row.subject)}/${row.filename}`;
  const what = `no folder ${expected}/ for this sheet row; not converted (${ids.join(', ')})`;
  if (subset.subset === 'hs' && KNOWN_LOST_HS.includes(row.filename.toLowerCase())) {
    issues.warn(
      'smic-e.clip-lost',
      `${what}. ${row.filename} is one of the five HS clips missing from real downloads (data loss reported by the dataset owners, docs/datasets.md §3.1, §3.4)`,
      where,
    );
    return 'lost';
  }
  issues.error('frames.folder-missing', `${what}; expected the long clip's frames there`, where);
  return 'missing';
}

function checkEmotion(row: SmicERow, where: Where, issues: IssueLog): void {
  const code = CLIP_NAME.exec(row.filename)?.[2]?.toLowerCase();
  const fromName = code ? CODE_EMOTION[code] : undefined;
  if (fromName && row.emotion && row.emotion.trim().toLowerCase() !== fromName)
    issues.info(
      'smic-e.emotion-differs-from-name',
      `Emotion '${row.emotion}' while the clip name says ${fromName}; the sheet's Emotion is kept`,
      where,
    );
}

/** The sample for one interval of a row, its apex filled in by the apex policy when not annotated. */
function intervalSample(
  id: string,
  subset: SmicESubsetDir,
  sheet: SubsetSheet,
  row: SmicERow,
  interval: SmicEInterval,
  rel: string,
  frames: readonly FrameFile[],
  range: FrameRange,
  policy: ApexPolicy,
): SourceSample {
  const apex =
    range.apex_source === 'annotated'
      ? range
      : { ...range, ...unannotatedApex(range.onset, range.offset, policy) };
  return {
    id,
    dataset: 'smic-e',
    subset: subset.subset,
    // the same 20 people as SMIC: one subject id for both, so LOSO over both stays honest
    subject: `smic/${padSubject(row.subject)}`,
    // interval 1 of a row is the SMIC clip of that Filename (docs/datasets.md §3.3); a further interval is its own movement
    event:
      interval.k === 1
        ? smicEvent(subset.subset, row.filename)
        : `${smicEvent(subset.subset, row.filename)}_${interval.k}`,
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
  };
}
