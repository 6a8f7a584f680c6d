import { describe, expect, it } from 'vitest';
import { type KnownRelease, releaseLabel } from '../../src/sources/release.js';

const releases: KnownRelease[] = [
  {
    name: 'r1',
    sha256: ['a'.repeat(64)],
    cells: [
      { what: 'x', expected: 1 },
      { what: 'y', expected: 'b' },
    ],
  },
  {
    name: 'r2',
    sha256: [],
    cells: [
      { what: 'x', expected: 2 },
      { what: 'y', expected: 'b' },
    ],
  },
];

describe('releaseLabel (docs/datasets.md §1.5)', () => {
  it('names a release by its sha256, or when every distinguishing cell matches', () => {
    expect(releaseLabel('a'.repeat(64), releases, () => 99)).toBe('r1');
    expect(releaseLabel('f'.repeat(64), releases, (w) => (w === 'x' ? 2 : 'b'))).toBe('r2');
  });
  it('otherwise says "variant of" the closest release and lists the cells that differ', () => {
    expect(releaseLabel('f'.repeat(64), releases, (w) => (w === 'x' ? 2 : null))).toBe(
      "variant of r2: y empty (r2: 'b')",
    );
  });
});
