/**
 * The contract's check of issue codes. Until the issue catalogue exists this checks their shape
 * (`area.event`, lower-case, dot-separated); the catalogue replaces the body with a lookup.
 */
export function uncataloguedCodes(codes: Iterable<string>): string[] {
  return [...new Set(codes)].filter(
    (code) => !/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+$/.test(code),
  );
}
