import path from 'node:path';
import pLimit from 'p-limit';
import { z } from 'zod';
import { MeUnifyError, usageError } from '../../report/errors.js';
import type { IssueLog } from '../../report/issues.js';
import { isInside, listDirs, listFiles, relativePosix } from '../../sources/fs.js';
import { readWorkbook, type Workbook } from '../../sources/sheet.js';
import { probeVideo, type VideoInfo } from '../../sources/video.js';
import { actionUnitsOf } from '../action-units.js';
import type { Adapter, Detection, ScanResult, SourceSample } from '../adapter.js';
import { KIND_RULE, type Kind, kindByRule } from './kind.js';
import {
  droppedFrames,
  findFrame,
  indexMedia,
  type MediaIndex,
  SHEET_FILE,
  type TifSequence,
  VIDEO_EXT,
} from './media.js';
import { linkPhysio, type PhysioLinks } from './physio.js';
import {
  annotatorInSheetName,
  makeRedactor,
  normaliseName,
  Pseudonyms,
  readSubjectMap,
  writeSubjectMap,
} from './pseudonyms.js';
import { hasMmmeHeader, type MmmeRow, parseMmmeSheet, parseTrialName, subjectNames } from './sheet.js';
import { parseTifName } from './timestamps.js';

/** Nominal camera rate (datasets.md §4.1: XIMEA recorded at 150 fps). */
const NOMINAL_FPS = 150;

/** Adapter-specific options (ScanOptions), validated here. */
const MmmeOptionsSchema = z.object({
  /** Where to write the name → pseudonym map; only when asked, never inside the output. */
  subjectMap: z.string().min(1).optional(),
  sheet: z.string().min(1).optional(),
  /** Which media to read when a trial has both: `tif` (the camera's stills), `video`, or `auto` (tif first). */
  layout: z.enum(['auto', 'tif', 'video']).optional(),
});

async function readSheetSafely(file: string): Promise<Workbook | null> {
  try {
    return await readWorkbook(file);
  } catch {
    return null;
  }
}

/** Coding sheets near the root (root and two levels down), most useful first. */
async function nearbySheets(root: string, depth = 2): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string, level: number) => {
    for (const f of await listFiles(dir))
      if (SHEET_FILE.test(f) && !f.startsWith('~$')) out.push(path.join(dir, f));
    if (level < depth)
      for (const d of await listDirs(dir)) if (!d.startsWith('.')) await visit(path.join(dir, d), level + 1);
  };
  await visit(root, 0);
  return rankSheets(out);
}

/**
 * `coding_file_combined.xlsx` first (it has Macro/Micro and is what the authors' notebook reads,
 * datasets.md §4.2), then the public `coding_file.xlsx`, then per-annotator copies.
 */
function rankSheets(files: readonly string[]): string[] {
  const rank = (f: string) => {
    const b = path.basename(f).toLowerCase();
    return /^coding_file_combined\./.test(b) ? 0 : /^coding_file\./.test(b) ? 1 : 2;
  };
  return [...files].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The sheet's name as written in outputs: an annotator's name in `coding_file_<name>.xlsx` is replaced. */
function sheetDisplayName(root: string, file: string): string {
  const rel = isInside(root, file) ? relativePosix(root, file) : path.basename(file);
  const annotator = annotatorInSheetName(file);
  return annotator ? makeRedactor(new Map([[annotator, 'annotator']]))(rel) : rel;
}

/** Looks for trial media in the first levels below `root` (bounded, so detection stays quick). */
async function mediaEvidence(root: string): Promise<string[]> {
  let videos = 0;
  let tifs = 0;
  let visited = 0;
  const visit = async (dir: string, level: number): Promise<void> => {
    if (visited > 4000) return;
    for (const f of await listFiles(dir)) {
      visited++;
      if (VIDEO_EXT.test(f) && parseTrialName(f.replace(/\.[^.]+$/, ''))) videos++;
      else if (/\.tiff?$/i.test(f) && parseTifName(f)) tifs++;
    }
    if (level < 3)
      for (const d of await listDirs(dir)) {
        if (d.startsWith('.')) continue;
        if (parseTifName(d)) tifs++;
        await visit(path.join(dir, d), level + 1);
      }
  };
  await visit(root, 0);
  const out: string[] = [];
  if (videos > 0)
    out.push(`${videos} trial videos named {emotion}_{stimulus}_{marker}_{participant}_{YYYYMMDD}`);
  if (tifs > 0) out.push(`${tifs} .tif frames or folders named YYYY-MM-DD-HH-MM-SS-mmm-<code>-<marker>`);
  return out;
}

export const mmme: Adapter = {
  id: 'mmme',
  title: 'MMME (USTB multimodal micro-expressions)',

  async detect(root) {
    const evidence: string[] = [];
    let sheetDir: string | null = null;
    for (const file of await nearbySheets(root)) {
      const wb = await readSheetSafely(file);
      if (wb?.sheets.some((s) => hasMmmeHeader(s.rows))) {
        evidence.push(
          `coding sheet ${sheetDisplayName(root, file)} with the MMME header (Subject, Filename, Marker, OnsetTime, OffsetTime)`,
        );
        sheetDir = path.dirname(file);
        break;
      }
    }
    // Media may sit beside the sheet or anywhere under the root (the layout is unpublished, §4.1).
    const nearSheet = sheetDir && sheetDir !== root ? await mediaEvidence(sheetDir) : [];
    const media = nearSheet.length > 0 ? nearSheet : await mediaEvidence(root);
    evidence.push(...media);
    const confidence = sheetDir ? (media.length > 0 ? 'high' : 'medium') : media.length > 0 ? 'low' : 'none';
    return {
      adapter: 'mmme',
      confidence,
      root: confidence === 'none' ? null : nearSheet.length > 0 && sheetDir ? sheetDir : root,
      evidence,
      reason:
        confidence === 'none'
          ? 'no MMME coding sheet (coding_file*.xlsx with Subject, Filename, Marker, OnsetTime, OffsetTime columns) and no trial videos or .tif frames named the MMME way'
          : null,
    } satisfies Detection;
  },

  async scan(root, ctx) {
    const parsedOptions = MmmeOptionsSchema.safeParse({
      subjectMap: ctx.options.subjectMap,
      sheet: ctx.options.sheet,
      layout: ctx.options.layout,
    });
    if (!parsedOptions.success)
      throw usageError(
        `MMME options: ${parsedOptions.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')} (--layout accepts auto, tif, video; --subject-map a file path)`,
      );
    const options = parsedOptions.data;
    const subjectMapFile = options.subjectMap ? path.resolve(options.subjectMap) : null;
    if (subjectMapFile && isInside(root, subjectMapFile))
      throw usageError(
        `--subject-map ${subjectMapFile} is inside the source folder ${root}; me-unify never writes into a source tree`,
      );
    return scanMmme(root, ctx.issues, options.sheet ?? null, options.layout ?? 'auto', subjectMapFile);
  },
};

interface Built {
  sample: SourceSample;
  media: string;
  source: 'video' | 'tif';
}

async function scanMmme(
  root: string,
  issues: IssueLog,
  givenSheet: string | null,
  layout: 'auto' | 'tif' | 'video',
  subjectMapFile: string | null,
): Promise<ScanResult & { redact: (text: string) => string }> {
  const media = await indexMedia(root);
  const sheetFiles = rankSheets(media.sheets);
  const sheetFile = givenSheet ? path.resolve(givenSheet) : ((await firstMmmeSheet(sheetFiles)) ?? null);
  if (!sheetFile)
    throw new MeUnifyError(
      `${root}: no MMME coding sheet found; expected coding_file.xlsx (or coding_file_combined.xlsx, coding_file_<annotator>.xlsx) with columns Subject, Filename, Marker, OnsetTime, OffsetTime somewhere in this folder, or pass --sheet <file>`,
      { file: root },
    );
  const displaySheet = sheetDisplayName(root, sheetFile);
  if (!givenSheet && sheetFiles.length > 1)
    issues.warn(
      'mmme.several-sheets',
      `several coding sheets found (${sheetFiles.map((f) => sheetDisplayName(root, f)).join(', ')}); reading ${displaySheet}. Pass --sheet to choose another`,
      { file: displaySheet },
    );
  const workbook = await readWorkbook(sheetFile).catch((err: unknown) => {
    throw new MeUnifyError(
      `${displaySheet}: cannot read this spreadsheet (${err instanceof MeUnifyError ? err.message.replace(sheetFile, displaySheet) : String(err)})`,
      { file: displaySheet },
    );
  });

  // Pseudonyms over the names of every coding sheet in the download (and an earlier map), so a
  // person keeps one pseudonym whichever sheet is converted.
  const allNames = new Set(subjectNames(workbook));
  for (const other of sheetFiles) {
    if (other === sheetFile) continue;
    const wb = await readSheetSafely(other);
    if (wb) for (const n of subjectNames(wb)) allNames.add(n);
  }
  const previous = subjectMapFile ? await readSubjectMap(subjectMapFile) : null;
  const pseudonyms = new Pseudonyms(allNames, previous);
  const replacements = new Map<string, string>();
  for (const name of pseudonyms.names()) replacements.set(name, pseudonyms.of(name) as string);
  for (const f of [...sheetFiles, sheetFile]) {
    const annotator = annotatorInSheetName(f);
    if (annotator && !replacements.has(annotator)) replacements.set(annotator, 'annotator');
  }
  let redact = makeRedactor(replacements);
  const subjectOf = (name: string) => {
    const p = pseudonyms.of(name);
    return p ? `mmme/${p}` : null;
  };

  const sheet = parseMmmeSheet(workbook, displaySheet, issues, subjectOf);
  if (!sheet)
    throw new MeUnifyError(
      `${displaySheet}: no sheet with the MMME header; expected columns Subject, Filename, Marker, OnsetTime, ApexTime, OffsetTime, OnsetFrame, ApexFrame, OffsetFrame, Action Units, Estimated Emotion, [Macro/Micro], Date, dif`,
      { file: displaySheet },
    );
  // A Filename may spell the participant differently from Subject: that spelling is a name too.
  const extra = new Map(replacements);
  for (const row of sheet.rows) {
    const n = row.trial ? normaliseName(row.trial.name) : null;
    if (n && !extra.has(n)) extra.set(n, pseudonyms.of(row.name) ?? 'participant');
  }
  redact = makeRedactor(extra);
  const rel = (abs: string) => redact(relativePosix(root, abs));

  issues.info(
    'mmme.sheet-version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}' (${sheet.hasKindColumn ? 'with' : 'without'} a Macro/Micro column${sheet.blankRows > 0 ? `, ${sheet.blankRows} blank rows skipped` : ''}), recognised as ${sheet.version}`,
    { file: displaySheet },
  );
  issues.info(
    'mmme.media-found',
    `under the root: ${media.videoCount} videos, ${media.tifFrames} .tif frames in ${media.sequences.length} trial sequences, ${media.eeg.length} EEG .cdt files, ${media.peripheral.length} BIOPAC .mat files`,
  );

  // sample ids: mmme/<pseudonym>/<emotion>_<stimulus>_<marker>_<onset time> (no name, no date)
  const idCount = new Map<string, number>();
  const probes = new Map<string, Promise<VideoInfo | Error>>();
  const probeLimit = pLimit(4);
  const probe = (file: string) => {
    let p = probes.get(file);
    if (!p) {
      p = probeLimit(() =>
        probeVideo(file).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      );
      probes.set(file, p);
    }
    return p;
  };
  const usedVideos = new Set<string>();
  const usedSequences = new Set<TifSequence>();
  const kindCounts = { micro: 0, macro: 0 };
  let ruleAgrees = 0;
  let ruleCompared = 0;
  let pathsWithNames = 0;
  const fpsSeen = new Map<number, number>();

  const jobs = sheet.rows.map((row) => {
    const pseudonym = pseudonyms.of(row.name) as string;
    const subject = `mmme/${pseudonym}`;
    const emotionPart = (row.trial?.emotion ?? row.emotion ?? 'unknown')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-');
    const clipBase = `${emotionPart}_${row.trial?.stimulus ?? 'x'}_${row.marker}_${row.onsetText}`;
    const baseId = `${subject}/${clipBase}`;
    const n = (idCount.get(baseId) ?? 0) + 1;
    idCount.set(baseId, n);
    const clip = n === 1 ? clipBase : `${clipBase}_${n}`;
    if (n > 1)
      issues.warn(
        'mmme.duplicate-onset',
        `a second annotation of this trial starts at the same OnsetTime ${row.onsetText} s; kept as ${clip}`,
        { sample: `${subject}/${clip}`, file: displaySheet, row: row.row },
      );
    let kind: Kind;
    const ruled = kindByRule(row.onsetTime, row.apexTime, row.offsetTime);
    if (row.kind) {
      kind = row.kind;
      ruleCompared++;
      if (ruled === row.kind) ruleAgrees++;
    } else kind = ruled;
    kindCounts[kind]++;
    return { row, subject, pseudonym, clip, id: `${subject}/${clip}`, kind };
  });

  const built = await Promise.all(
    jobs.map(async (job): Promise<Built | null> => {
      const { row, id } = job;
      const where = { sample: id, file: displaySheet, row: row.row };
      const sequence = layout === 'video' ? null : findSequence(media, row, pseudonyms, issues, where);
      const video = layout === 'tif' || sequence ? null : findVideo(media, row, root, issues, where, rel);
      if (!sequence && !video) {
        const wanted =
          layout === 'tif'
            ? `.tif frames of marker ${row.marker}${row.trial ? ` recorded on ${row.trial.date}` : ''} covering OnsetFrame ${row.onsetClock?.text ?? '(none)'}`
            : layout === 'video'
              ? `the trial video named in Filename (${redact(row.filename)})`
              : `the trial video named in Filename (${redact(row.filename)}) or .tif frames of marker ${row.marker} covering OnsetFrame ${row.onsetClock?.text ?? '(none)'}`;
        issues.error(
          'mmme.media-missing',
          `no media found for this row under the root; expected ${wanted}`,
          where,
        );
        return null;
      }
      const common = {
        id,
        dataset: 'mmme',
        subset: null,
        subject: job.subject,
        clip: job.clip,
        kind: job.kind,
        emotion: row.emotion,
        ...ausOf(row, issues, where),
      };
      if (sequence) {
        const s = tifSample(row, sequence, issues, where);
        if (!s) return null;
        usedSequences.add(sequence);
        const dir = rel(sequence.dir);
        if (dir !== relativePosix(root, sequence.dir)) pathsWithNames++;
        return {
          source: 'tif',
          media: sequence.dir,
          sample: {
            ...common,
            fps: NOMINAL_FPS,
            frames: sequence.paths,
            onset: s.onset,
            apex: s.apex,
            offset: s.offset,
            source_frames: s.sourceFrames,
            apex_source: s.apex === null ? 'missing' : 'annotated',
            source: { directory: dir, sheet: displaySheet, sheet_name: sheet.sheetName, row: row.row },
            extra: extraOf(row, 'tif'),
          },
        };
      }
      const file = video as string;
      const info = await probe(file);
      if (info instanceof Error) {
        issues.error('mmme.video-unreadable', redact(info.message.replace(file, rel(file))), where);
        return null;
      }
      fpsSeen.set(info.fps, (fpsSeen.get(info.fps) ?? 0) + 1);
      usedVideos.add(file);
      if (rel(file) !== relativePosix(root, file)) pathsWithNames++;
      const first = Math.round(row.onsetTime * info.fps);
      const last = Math.round(row.offsetTime * info.fps);
      const apex = row.apexTime === null ? null : Math.round(row.apexTime * info.fps);
      if (last > info.frames - 1) {
        issues.error(
          'mmme.video-too-short',
          `OffsetTime ${row.offsetTime} s is frame ${last} at ${info.fps} fps, but ${rel(file)} has ${info.frames} frames (${info.duration.toFixed(2)} s); expected the video to cover the annotation`,
          where,
        );
        return null;
      }
      const count = last - first + 1;
      return {
        source: 'video',
        media: file,
        sample: {
          ...common,
          fps: info.fps,
          frames: [],
          video: { path: file, start_time: row.onsetTime, end_time: row.offsetTime, frame_count: count },
          onset: 0,
          apex: apex === null ? null : Math.min(Math.max(apex - first, 0), count - 1),
          offset: count - 1,
          source_frames: { onset: first, apex, offset: last },
          apex_source: apex === null ? 'missing' : 'annotated',
          source: {
            directory: rel(path.dirname(file)),
            sheet: displaySheet,
            sheet_name: sheet.sheetName,
            row: row.row,
          },
          extra: extraOf(row, 'video'),
        },
      };
    }),
  );

  const ok = built.filter((b): b is Built => b !== null);
  // physiological files, linked per participant (FORMAT.md, Physiological signals)
  const mediaBySubject = new Map<string, string[]>();
  for (const b of ok) {
    const p = b.sample.subject.replace(/^mmme\//, '');
    const list = mediaBySubject.get(p) ?? [];
    list.push(b.media);
    mediaBySubject.set(p, list);
  }
  const physio = linkPhysio(root, media, pseudonyms.names(), (n) => pseudonyms.of(n), mediaBySubject, redact);
  for (const b of ok) attachPhysio(b.sample, physio);
  reportPhysio(physio, issues);

  if (pathsWithNames > 0)
    issues.warn(
      'mmme.paths-pseudonymised',
      `${pathsWithNames} samples come from files whose path holds a participant's name (the trial videos are named after the participant). Outputs write the pseudonym in its place, so with --frames none those references do not resolve as written; use --frames copy for a self-contained output, or map pseudonyms back with the --subject-map file (FORMAT.md, Privacy)`,
    );
  const unusedVideos = media.videoCount - usedVideos.size;
  const unusedSequences = media.sequences.filter((s) => !usedSequences.has(s)).length;
  if (unusedVideos > 0 || unusedSequences > 0)
    issues.info(
      'mmme.unused-media',
      `${unusedVideos} videos and ${unusedSequences} .tif sequences under the root match no sheet row (trials without an annotated expression, or other participants); not converted`,
    );
  for (const [fps, count] of fpsSeen)
    if (Math.abs(fps - NOMINAL_FPS) > 0.01)
      issues.info(
        'mmme.video-fps',
        `${count} samples come from videos at ${fps} fps (the camera records at 150 fps); times are placed at the video's own rate`,
      );

  if (subjectMapFile) await writeSubjectMap(subjectMapFile, pseudonyms.toMap());

  const sources = ok.map((b) => b.source);
  const bySource = {
    video: sources.filter((s) => s === 'video').length,
    tif: sources.filter((s) => s === 'tif').length,
  };
  return {
    root,
    layout: bySource.tif && bySource.video ? 'mixed' : bySource.tif ? 'tif' : 'video',
    samples: ok.map((b) => b.sample),
    sources: [{ file: displaySheet, sha256: workbook.sha256, version: sheet.version, rows: sheet.dataRows }],
    details: {
      // paths written with pseudonyms in place of names do not resolve as written (validate warns)
      paths_pseudonymised: pathsWithNames > 0,
      sheet_version: sheet.version,
      sheet_name: sheet.sheetName,
      kind_rule: sheet.hasKindColumn
        ? 'the sheet’s Macro/Micro column (rows without a value: the rule below)'
        : KIND_RULE,
      ...(sheet.hasKindColumn
        ? {
            kind_rule_fallback: KIND_RULE,
            kind_rule_agreement: { compared: ruleCompared, agree: ruleAgrees },
          }
        : {}),
      kinds: kindCounts,
      participants: new Set(jobs.map((j) => j.subject)).size,
      pseudonyms:
        'mmme/pNN by the sorted participant names of every coding sheet in the download (FORMAT.md)',
      samples_by_source: bySource,
      media_found: {
        videos: media.videoCount,
        videos_used: usedVideos.size,
        tif_sequences: media.sequences.length,
        tif_sequences_used: usedSequences.size,
        eeg_files: media.eeg.length,
        peripheral_files: media.peripheral.length,
        physio_linked_participants: physio.bySubject.size,
      },
    },
    rejected: sheet.rejected + (built.length - ok.length),
    redact,
  };
}

async function firstMmmeSheet(files: readonly string[]): Promise<string | undefined> {
  for (const f of files) {
    const wb = await readSheetSafely(f);
    if (wb?.sheets.some((s) => hasMmmeHeader(s.rows))) return f;
  }
  return undefined;
}

type Where = { sample: string; file: string; row: number };

/** The trial video named by `Filename`, anywhere under the root (another container format also matches by stem). */
function findVideo(
  media: MediaIndex,
  row: MmmeRow,
  root: string,
  issues: IssueLog,
  where: Where,
  rel: (abs: string) => string,
): string | null {
  const name = path.basename(row.filename.replace(/\\/g, '/')).toLowerCase();
  const stem = VIDEO_EXT.test(name) ? name.replace(/\.[^.]+$/, '') : name;
  const found = media.videosByName.get(name) ?? media.videosByStem.get(stem) ?? [];
  if (found.length === 0) return null;
  if (found.length > 1) {
    // several copies (e.g. per annotator): prefer one in a folder named after the participant
    const named = found.filter((f) =>
      relativePosix(root, path.dirname(f)).toLowerCase().includes(normaliseName(row.name)),
    );
    const chosen = (named[0] ?? found[0]) as string;
    issues.warn(
      'mmme.video-duplicate',
      `${found.length} videos share this trial's name; using ${rel(chosen)}`,
      where,
    );
    return chosen;
  }
  return found[0] as string;
}

/** The .tif sequence of the row's trial: same marker (and date), covering the OnsetFrame clock time. */
function findSequence(
  media: MediaIndex,
  row: MmmeRow,
  pseudonyms: Pseudonyms,
  issues: IssueLog,
  where: Where,
): TifSequence | null {
  const clock = row.onsetClock;
  if (!clock || media.sequences.length === 0) return null;
  const candidates = media.sequences.filter(
    (s) =>
      s.marker === row.marker &&
      (!row.trial || s.date === row.trial.date) &&
      (s.frames[0]?.time.ms ?? Number.POSITIVE_INFINITY) <= clock.ms + 4 &&
      (s.frames[s.frames.length - 1]?.time.ms ?? Number.NEGATIVE_INFINITY) >= clock.ms - 4,
  );
  if (candidates.length <= 1) return candidates[0] ?? null;
  const name = normaliseName(row.name);
  const named = candidates.filter((s) => s.dir.toLowerCase().includes(name));
  if (named.length === 1) return named[0] as TifSequence;
  issues.error(
    'mmme.tif-ambiguous',
    `${candidates.length} .tif sequences of marker ${row.marker} cover OnsetFrame ${clock.text} and none is in a folder named after participant ${pseudonyms.of(row.name)}; expected one`,
    where,
  );
  return null;
}

function tifSample(
  row: MmmeRow,
  seq: TifSequence,
  issues: IssueLog,
  where: Where,
): {
  onset: number;
  apex: number | null;
  offset: number;
  sourceFrames: SourceSample['source_frames'];
} | null {
  const onset = row.onsetClock ? findFrame(seq, row.onsetClock) : null;
  const offset = row.offsetClock ? findFrame(seq, row.offsetClock) : null;
  if (!onset || !offset) {
    issues.error(
      'frames.range',
      `no .tif frame at ${!onset ? `OnsetFrame ${row.onsetClock?.text ?? '(empty)'}` : `OffsetFrame ${row.offsetClock?.text ?? '(empty)'}`} in the trial's sequence (frames ${seq.frames[0]?.time.text}..${seq.frames[seq.frames.length - 1]?.time.text}); expected a frame within half a frame period`,
      where,
    );
    return null;
  }
  if (offset.index < onset.index) {
    issues.error(
      'frames.range',
      `OffsetFrame ${row.offsetClock?.text} is before OnsetFrame ${row.onsetClock?.text}`,
      where,
    );
    return null;
  }
  let apex = row.apexClock ? findFrame(seq, row.apexClock) : null;
  if (row.apexTime === null) apex = null;
  if (
    row.apexClock &&
    row.apexTime !== null &&
    (!apex || apex.index < onset.index || apex.index > offset.index)
  ) {
    issues.warn(
      'apex.outside',
      `ApexFrame ${row.apexClock.text} is not a frame between OnsetFrame and OffsetFrame; the apex is left unknown`,
      where,
    );
    apex = null;
  }
  const inexact = [onset, offset, apex].filter((f) => f && !f.exact).length;
  if (inexact > 0)
    issues.info(
      'mmme.timestamp-nearest',
      `${inexact} of the sheet's clock times name no frame exactly; the nearest frame (within half a frame period) is used`,
      where,
    );
  const dropped = droppedFrames(seq, onset.index, offset.index);
  if (dropped > 0)
    issues.warn(
      'frames.dropped',
      `about ${dropped} frames are missing between OnsetFrame and OffsetFrame (gaps in the .tif timestamps); the frames present are used`,
      where,
    );
  // Times the sheet gives twice (seconds and clock) should agree; a large gap suggests a wrong row.
  const clockSpan =
    ((seq.frames[offset.index]?.time.ms ?? 0) - (seq.frames[onset.index]?.time.ms ?? 0)) / 1000;
  if (Math.abs(clockSpan - (row.offsetTime - row.onsetTime)) > 2 / NOMINAL_FPS + 0.01)
    issues.warn(
      'mmme.times-disagree',
      `OnsetFrame..OffsetFrame span ${clockSpan.toFixed(3)} s but OnsetTime..OffsetTime span ${(row.offsetTime - row.onsetTime).toFixed(3)} s; the .tif frames follow the clock times`,
      where,
    );
  const ms = (i: number | null) => (i === null ? null : (seq.frames[i]?.time.ms ?? null));
  return {
    onset: onset.index,
    apex: apex?.index ?? null,
    offset: offset.index,
    // the frames' own numbering is the clock: milliseconds since midnight (FORMAT.md)
    sourceFrames: { onset: ms(onset.index), apex: ms(apex?.index ?? null), offset: ms(offset.index) },
  };
}

function ausOf(
  row: MmmeRow,
  issues: IssueLog,
  where: Where,
): { aus: SourceSample['aus']; aus_raw: string | null } {
  return actionUnitsOf(row.ausCell, issues, where);
}

function extraOf(row: MmmeRow, source: 'video' | 'tif'): Record<string, unknown> {
  return {
    marker: row.marker,
    stimulus: row.trial?.stimulus ?? null,
    recording_date: row.trial
      ? `${row.trial.date.slice(0, 4)}-${row.trial.date.slice(4, 6)}-${row.trial.date.slice(6)}`
      : null,
    times: { onset: row.onsetTime, apex: row.apexTime, offset: row.offsetTime },
    clock: {
      onset: row.onsetClock?.text ?? null,
      apex: row.apexClock?.text ?? null,
      offset: row.offsetClock?.text ?? null,
    },
    kind_source: row.kind ? 'sheet' : 'rule',
    kind_by_rule: kindByRule(row.onsetTime, row.apexTime, row.offsetTime),
    media: source,
    annotated: row.annotated,
    dif: row.dif,
  };
}

function attachPhysio(sample: SourceSample, links: PhysioLinks): void {
  const entry = links.bySubject.get(sample.subject.replace(/^mmme\//, ''));
  if (!entry) return;
  const extra = sample.extra as Record<string, unknown>;
  extra.physio = {
    eeg: entry.eeg.map((f) => ({ ...f, format: 'neuroscan-cdt', rate_hz: 1000 })),
    peripheral: entry.peripheral.map((f) => ({ ...f, format: 'biopac-mat', rate_hz: 1000, channels: 17 })),
    // what downstream code needs to cut the synchronised segment (datasets.md §4.1)
    marker: extra.marker,
    times: extra.times,
    clock: extra.clock,
    recording_date: extra.recording_date,
  };
}

function reportPhysio(links: PhysioLinks, issues: IssueLog): void {
  const { eeg, peripheral } = links.unlinked;
  if (eeg + peripheral > 0)
    issues.info(
      'mmme.physio-unlinked',
      `${eeg} .cdt and ${peripheral} .mat files could not be tied to one participant (no participant's folder or name in their path); not referenced`,
    );
}
