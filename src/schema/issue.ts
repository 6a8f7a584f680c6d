import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One problem found in the input or the output. `code` is stable and dotted (`frames.missing`). */
export const IssueSchema = z.object({
  severity: SeveritySchema.describe('error (the sample or run failed), warning (kept, but check), or info.'),
  code: z
    .string()
    .describe('Stable dotted code, e.g. `frames.missing`; every code is listed in docs/issue-codes.md.'),
  message: z.string().describe('What was found and what was expected, naming the file.'),
  sample: z.string().nullable().default(null).describe('The sample id concerned, or null.'),
  file: z.string().nullable().default(null).describe('The file concerned, relative to its root, or null.'),
  row: z.number().int().nullable().default(null).describe('The 1-based sheet row concerned, or null.'),
  dataset: z
    .string()
    .nullable()
    .default(null)
    .describe(
      'The dataset id of the samples concerned (as in the manifest), for issues raised while reading one dataset; null otherwise.',
    ),
});
export type Issue = z.infer<typeof IssueSchema>;
export type IssueInput = z.input<typeof IssueSchema>;

export const ReportSchema = z.object({
  format_version: z.string().describe('Version of the me-unify output format.'),
  counts: z
    .object({
      error: z.number().int().describe('Number of errors.'),
      warning: z.number().int().describe('Number of warnings.'),
      info: z.number().int().describe('Number of info notes.'),
    })
    .describe('Issues per severity.'),
  issues: z.array(IssueSchema).describe('Every issue found, in the order found.'),
});
export type Report = z.infer<typeof ReportSchema>;
