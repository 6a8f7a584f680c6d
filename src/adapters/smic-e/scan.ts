import { z } from 'zod';
import { MeUnifyError, usageError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import type { SourceFingerprint } from '../../schema/dataset.js';
import { relativePosix } from '../../sources/fs.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { APEX_POLICY_OPTION, LAYOUT_OPTION, SHEET_OPTION } from '../define.js';
import { type ApexPolicy, apexPolicy, reportApexPolicy } from '../kit/apex-policy.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import { findSmicESubsets, parseLayoutOption, type SmicESubsetDir } from '../smic/layout.js';
import { type SubsetSheet, subsetSheet } from './find-sheets.js';
import { countFailedIntervals, reportUnlisted } from './report.js';
import { type RowOutcome, rowSamples, sampleId } from './sample.js';

/** Scans each chosen camera (HS, VIS, NIR) with its own sheet; one sample per interval of each row. */
export const SmicEOptionsSchema = z
  .object({ layout: LAYOUT_OPTION, sheet: SHEET_OPTION, apexPolicy: APEX_POLICY_OPTION })
  .strict();

export async function scanSmicE(
  root: string,
  ctx: ScanContext<z.output<typeof SmicEOptionsSchema>>,
): Promise<ScanResult> {
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
  const built = await rowsToSamples(
    {
      rows: sheet.sheet.rows,
      // folder names are matched case-insensitively (docs/datasets.md §3.4)
      idOf: (row) => row.filename.toLowerCase(),
      describe: (row) => row.filename,
      expectation: 'one row per clip (a second interval goes in Onset2F/Offset2F)',
      where: (row) => ({ file: sheet.rel, row: row.row, sample: sampleId(subset.subset, row, 1) }),
      build: async (row) => {
        const { samples, outcome } = await rowSamples(root, subset, sheet, row, policy, issues);
        record(outcome, row.filename);
        return samples;
      },
    },
    issues,
  );
  const samples = built.built.flat();
  const sheetRejected = sheet.sheet.rejected;
  // duplicates are the rows the loop refused
  const rowsRejected = (outcomes.get('rejected') ?? []).length + built.failed;
  const missing = (outcomes.get('missing') ?? []).length;
  await reportUnlisted(root, subset, built.listed, issues);
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
      // every data row ends up in exactly one of these (docs/datasets.md §3.4)
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
