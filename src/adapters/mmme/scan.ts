import path from 'node:path';
import { z } from 'zod';
import { MeUnifyError, usageError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { isInside, relativePosix } from '../../sources/fs.js';
import type { ScanContext, ScanResult } from '../adapter.js';
import { openCodingSheet } from './find-sheets.js';
import { indexMedia } from './media.js';
import { namesToHide, scanRedactor } from './privacy.js';
import { writeSubjectMap } from './pseudonyms.js';
import { attachAllPhysio, reportMediaUse, scanResult } from './report.js';
import { type Built, buildSample, MediaTally, makeProber, planSamples } from './sample.js';
import { parseMmmeSheet } from './sheet.js';

export /** MMME's options; `layout` picks the media. */
const MmmeOptionsSchema = z
  .object({
    /** Where to write the name → pseudonym map; only when asked, never inside the output. */
    subjectMap: z.string().min(1).optional(),
    sheet: z.string().min(1).optional(),
    /** Which media to read when a trial has both: `tif` (the camera's stills), `video`, or `auto` (tif first). */
    layout: z.enum(['auto', 'tif', 'video']).optional(),
  })
  .strict();

/** MMME's scan: the subject map is refused inside the source tree, then the sheet is read. */
export async function scanMmmeDataset(
  root: string,
  ctx: ScanContext<z.output<typeof MmmeOptionsSchema>>,
): Promise<ScanResult> {
  const { options } = ctx;
  const subjectMapFile = options.subjectMap ? path.resolve(options.subjectMap) : null;
  if (subjectMapFile && isInside(root, subjectMapFile))
    throw usageError(
      `--subject-map ${subjectMapFile} is inside the source folder ${root}; me-unify never writes into a source tree`,
    );
  return scanMmme(root, ctx.issues, options.sheet ?? null, options.layout ?? 'auto', subjectMapFile);
}

/** Reads the coding sheet, turns each row into a sample from its media, and reports what was left over. */
async function scanMmme(
  root: string,
  issues: IssueLog,
  givenSheet: string | null,
  layout: 'auto' | 'tif' | 'video',
  subjectMapFile: string | null,
): Promise<ScanResult & { redact: (text: string) => string }> {
  const media = await indexMedia(root);
  const { sheetFiles, sheetFile, displaySheet, workbook } = await openCodingSheet(
    root,
    media.sheets,
    givenSheet,
    issues,
  );
  const names = await namesToHide(workbook, sheetFile, sheetFiles, subjectMapFile);
  const { pseudonyms } = names;
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
  const redact = scanRedactor(names, sheet.rows);
  const rel = (abs: string) => redact(relativePosix(root, abs));

  issues.info(
    'sheet.version',
    `read ${sheet.dataRows} rows of sheet '${sheet.sheetName}' (${sheet.hasKindColumn ? 'with' : 'without'} a Macro/Micro column${sheet.blankRows > 0 ? `, ${sheet.blankRows} blank rows skipped` : ''}), recognised as ${sheet.version}`,
    { file: displaySheet },
  );
  issues.info(
    'mmme.media-found',
    `under the root: ${media.videoCount} videos, ${media.tifFrames} .tif frames in ${media.sequences.length} trial sequences, ${media.eeg.length} EEG .cdt files, ${media.peripheral.length} BIOPAC .mat files`,
  );

  const plan = planSamples(sheet.rows, pseudonyms, issues, displaySheet);
  const tally = new MediaTally();
  const ctx = {
    root,
    media,
    layout,
    pseudonyms,
    issues,
    displaySheet,
    sheetName: sheet.sheetName,
    redact,
    rel,
    probe: makeProber(),
    tally,
  };
  const built = await Promise.all(plan.jobs.map((job) => buildSample(job, ctx)));
  const ok = built.filter((b): b is Built => b !== null);
  const physio = attachAllPhysio(root, media, pseudonyms, ok, redact, issues);
  reportMediaUse(tally, media, issues);

  if (subjectMapFile) await writeSubjectMap(subjectMapFile, pseudonyms.toMap());

  return {
    ...scanResult({ root, displaySheet, workbook, sheet, media, plan, tally, physio, built }),
    redact,
  };
}
