import type { Sample } from '../schema/sample.js';

/** The subject with its namespace, even when a hand-made manifest left it out (`sub01` → `casme2/sub01`). */
export function subjectKey(s: Pick<Sample, 'dataset' | 'subject'>): string {
  return s.subject.includes('/') ? s.subject : `${s.dataset}/${s.subject}`;
}

/** The movement a sample records; a sample without one (hand-made manifest) records its own. */
export function eventKey(s: Pick<Sample, 'id' | 'event'>): string {
  return s.event ?? s.id;
}

/**
 * Leak groups: samples joined when they share a person or an event, transitively (union-find).
 * A split that keeps every group on one side never puts a person or a movement on both sides.
 * Returns the group key of every sample id; a group's key is its smallest person id.
 */
export function leakGroups(samples: readonly Sample[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    for (let y = x; parent.get(y) !== root; ) {
      const next = parent.get(y) ?? root;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const node = (kind: 'p' | 'e', key: string) => {
    const n = `${kind}\u0000${key}`;
    if (!parent.has(n)) parent.set(n, n);
    return n;
  };
  for (const s of samples) union(node('p', subjectKey(s)), node('e', eventKey(s)));
  // name each group after its persons, in natural order, so fold names read as people
  const persons = new Map<string, string[]>();
  for (const s of samples) {
    const root = find(node('p', subjectKey(s)));
    const list = persons.get(root) ?? [];
    if (!list.includes(subjectKey(s))) list.push(subjectKey(s));
    persons.set(root, list);
  }
  const nameOf = new Map<string, string>();
  for (const [root, list] of persons) nameOf.set(root, list.sort(naturalCompare).join('+'));
  return new Map(samples.map((s) => [s.id, nameOf.get(find(node('p', subjectKey(s)))) ?? subjectKey(s)]));
}

/** `sub2` before `sub10`; `s1` before `s11`. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
