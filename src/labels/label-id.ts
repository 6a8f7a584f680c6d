import type { Sample } from '../schema/sample.js';

/** A label's class index under the profile (the integer training code wants), or null. */
export function labelId(label: string | null, classes: readonly string[] | null): number | null {
  if (label === null || classes === null) return null;
  const i = classes.indexOf(label);
  return i < 0 ? null : i;
}

/** The samples with `label_id` set from their label and the profile's classes. */
export function withLabelIds(samples: readonly Sample[], classes: readonly string[] | null): Sample[] {
  return samples.map((s) => ({ ...s, label_id: labelId(s.label, classes) }));
}
