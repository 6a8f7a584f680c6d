import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

/** One problem found in the input or the output. `code` is stable and dotted (`frames.missing`). */
export const IssueSchema = z.object({
  severity: SeveritySchema,
  code: z.string(),
  message: z.string(),
  sample: z.string().nullable().default(null),
  file: z.string().nullable().default(null),
  row: z.number().int().nullable().default(null),
});
export type Issue = z.infer<typeof IssueSchema>;
export type IssueInput = z.input<typeof IssueSchema>;

export const ReportSchema = z.object({
  format_version: z.string(),
  counts: z.object({ error: z.number().int(), warning: z.number().int(), info: z.number().int() }),
  issues: z.array(IssueSchema),
});
export type Report = z.infer<typeof ReportSchema>;
