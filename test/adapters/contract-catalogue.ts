import { isIssueCode } from '../../src/issues/catalogue.js';

/** The contract's check of issue codes: every code an adapter's scan raised is in the catalogue. */
export function uncataloguedCodes(codes: Iterable<string>): string[] {
  return [...new Set(codes)].filter((code) => !isIssueCode(code));
}
