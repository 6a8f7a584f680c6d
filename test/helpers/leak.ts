import { expect } from 'vitest';
import type { Sample } from '../../src/schema/sample.js';

/** Independent check of a split file: no person and no event of a fold's test side is on its train side. */
export function expectNoLeak(
  folds: readonly { fold?: number; test: string[]; train: string[] }[],
  samples: readonly Sample[],
): void {
  const byId = new Map(samples.map((s) => [s.id, s]));
  for (const [i, f] of folds.entries()) {
    const test = f.test.map((id) => byId.get(id) as Sample);
    const persons = new Set(test.map((s) => s.subject));
    const events = new Set(test.map((s) => s.event));
    for (const id of f.train) {
      const s = byId.get(id) as Sample;
      expect(persons.has(s.subject), `${s.subject} on both sides of fold ${f.fold ?? i}`).toBe(false);
      expect(events.has(s.event), `${s.event} on both sides of fold ${f.fold ?? i}`).toBe(false);
    }
  }
}
