import type { IssueLog } from '../../issues/issues.js';
import type { Workbook } from '../../sources/sheet.js';
import type { ScanResult, SourceSample } from '../adapter.js';
import { KIND_RULE } from './kind.js';
import { type MediaIndex, NOMINAL_FPS } from './media.js';
import { linkPhysio, type PhysioLinks } from './physio.js';
import type { Pseudonyms } from './pseudonyms.js';
import type { Built, MediaTally, Plan } from './sample.js';
import type { MmmeSheet } from './sheet.js';

/** Physiological files, linked per participant and attached to that participant's samples (FORMAT.md, Physiological signals). */
export function attachAllPhysio(
  root: string,
  media: MediaIndex,
  pseudonyms: Pseudonyms,
  ok: readonly Built[],
  redact: (text: string) => string,
  issues: IssueLog,
): PhysioLinks {
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
  return physio;
}

function attachPhysio(sample: SourceSample, links: PhysioLinks): void {
  const entry = links.bySubject.get(sample.subject.replace(/^mmme\//, ''));
  if (!entry) return;
  const extra = sample.extra as Record<string, unknown>;
  extra.physio = {
    eeg: entry.eeg.map((f) => ({ ...f, format: 'neuroscan-cdt', rate_hz: 1000 })),
    peripheral: entry.peripheral.map((f) => ({ ...f, format: 'biopac-mat', rate_hz: 1000, channels: 17 })),
    // what downstream code needs to cut the synchronised segment (docs/datasets.md §4.1)
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

/** End-of-scan notes on the media: pseudonymised paths, media no row used, videos off the camera's rate. */
export function reportMediaUse(tally: MediaTally, media: MediaIndex, issues: IssueLog): void {
  if (tally.pathsWithNames > 0)
    issues.warn(
      'mmme.paths-pseudonymised',
      `${tally.pathsWithNames} samples come from files whose path holds a participant's name (the trial videos are named after the participant). Outputs write the pseudonym in its place, so with --frames none those references do not resolve as written; use --frames copy for a self-contained output, or map pseudonyms back with the --subject-map file (FORMAT.md, Privacy)`,
    );
  const unusedVideos = media.videoCount - tally.usedVideos.size;
  const unusedSequences = media.sequences.filter((s) => !tally.usedSequences.has(s)).length;
  if (unusedVideos > 0 || unusedSequences > 0)
    issues.info(
      'mmme.unused-media',
      `${unusedVideos} videos and ${unusedSequences} .tif sequences under the root match no sheet row (trials without an annotated expression, or other participants); not converted`,
    );
  for (const [fps, count] of tally.fpsSeen)
    if (Math.abs(fps - NOMINAL_FPS) > 0.01)
      issues.info(
        'mmme.video-fps',
        `${count} samples come from videos at ${fps} fps (the camera records at 150 fps); times are placed at the video's own rate`,
      );
}

/** What a scan found and converted, for the scan result. */
export interface ScanSummary {
  root: string;
  displaySheet: string;
  workbook: Workbook;
  sheet: MmmeSheet;
  media: MediaIndex;
  plan: Plan;
  tally: MediaTally;
  physio: PhysioLinks;
  /** One entry per sheet row, null where the row could not be converted. */
  built: readonly (Built | null)[];
}

export function scanResult(s: ScanSummary): ScanResult {
  const { sheet, media, plan, tally } = s;
  const ok = s.built.filter((b): b is Built => b !== null);
  const sources = ok.map((b) => b.source);
  const bySource = {
    video: sources.filter((x) => x === 'video').length,
    tif: sources.filter((x) => x === 'tif').length,
  };
  return {
    root: s.root,
    layout: bySource.tif && bySource.video ? 'mixed' : bySource.tif ? 'tif' : 'video',
    samples: ok.map((b) => b.sample),
    sources: [
      { file: s.displaySheet, sha256: s.workbook.sha256, version: sheet.version, rows: sheet.dataRows },
    ],
    details: {
      // paths written with pseudonyms in place of names do not resolve as written (validate warns)
      paths_pseudonymised: tally.pathsWithNames > 0,
      sheet_version: sheet.version,
      sheet_name: sheet.sheetName,
      kind_rule: sheet.hasKindColumn
        ? 'the sheet’s Macro/Micro column (rows without a value: the rule below)'
        : KIND_RULE,
      ...(sheet.hasKindColumn
        ? {
            kind_rule_fallback: KIND_RULE,
            kind_rule_agreement: { compared: plan.ruleCompared, agree: plan.ruleAgrees },
          }
        : {}),
      kinds: plan.kindCounts,
      participants: new Set(plan.jobs.map((j) => j.subject)).size,
      pseudonyms:
        'mmme/pNN by the sorted participant names of every coding sheet in the download (FORMAT.md)',
      samples_by_source: bySource,
      media_found: {
        videos: media.videoCount,
        videos_used: tally.usedVideos.size,
        tif_sequences: media.sequences.length,
        tif_sequences_used: tally.usedSequences.size,
        eeg_files: media.eeg.length,
        peripheral_files: media.peripheral.length,
        physio_linked_participants: s.physio.bySubject.size,
      },
    },
    rejected: sheet.rejected + (s.built.length - ok.length),
  };
}
