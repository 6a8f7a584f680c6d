/** One cell (or layout fact) that tells releases of a sheet apart, and what a release holds there. */
export interface DistinguishingCell {
  /** Names the cell for a reader: `028_4_1 Apex Frame`, `header row`. */
  what: string;
  expected: string | number | null;
}

export interface KnownRelease {
  name: string;
  /**
   * sha256 of the release's file. Empty where no hash of a real release is published (all of them
   * today, docs/datasets.md §7, item 1): identification then goes by the distinguishing cells alone.
   */
  sha256: readonly string[];
  cells: readonly DistinguishingCell[];
}

type Found = (what: string) => string | number | null;

const show = (v: string | number | null) =>
  v === null ? 'empty' : typeof v === 'string' ? `'${v}'` : String(v);

/**
 * Names a release only when the evidence proves it: the file's sha256 is a known release's, or every
 * distinguishing cell matches. Otherwise "variant of <closest release>: <cells that differ>"
 * (docs/datasets.md §1.5). `found` reads the sheet's value for each cell.
 */
export function releaseLabel(sha256: string, releases: readonly KnownRelease[], found: Found): string {
  const byHash = releases.find((r) => r.sha256.includes(sha256));
  if (byHash) return byHash.name;
  let best: { release: KnownRelease; differences: string[] } | null = null;
  for (const release of releases) {
    const differences = release.cells
      .filter((c) => found(c.what) !== c.expected)
      .map((c) => `${c.what} ${show(found(c.what))} (${release.name}: ${show(c.expected)})`);
    if (differences.length === 0) return release.name;
    if (!best || differences.length < best.differences.length) best = { release, differences };
  }
  return best ? `variant of ${best.release.name}: ${best.differences.join('; ')}` : 'unknown';
}
