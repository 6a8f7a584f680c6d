import { z } from 'zod';

/** What to do with a sample that has an error: stop the run (`fail`) or leave it out and report it (`skip`). */
export const ErrorPolicySchema = z.enum(['fail', 'skip']);
export type ErrorPolicy = z.infer<typeof ErrorPolicySchema>;
