import type { ColumnSpecs } from '../kit/columns.js';

/**
 * Header names as written in the SAMM sheets (docs/datasets.md §2.3, §2.5), after
 * normaliseHeader(): the micro sheet writes `Onset Frame`, the long-video sheets `Onset`. Shared on
 * purpose with samm-lv/, whose sheets come from the same authors.
 */
const SAMM_HEADERS = {
  subject: ['subject'],
  filename: ['filename', 'file name'],
  inducement: ['inducement code', 'inducement'],
  onset: ['onset frame', 'onsetframe', 'onset'],
  apex: ['apex frame', 'apexframe', 'apex'],
  offset: ['offset frame', 'offsetframe', 'offset'],
  duration: ['duration'],
  type: ['type', 'micro'],
  aus: ['action units', 'action unit', 'aus'],
  emotion: ['estimated emotion', 'emotion'],
  objective: ['objective classes', 'objective class'],
  notes: ['notes', 'note'],
} as const;

const REQUIRED = ['subject', 'filename', 'onset', 'offset'] as const;

function columns<const R extends readonly (keyof typeof SAMM_HEADERS)[]>(required: R) {
  return Object.fromEntries(
    Object.entries(SAMM_HEADERS).map(([k, headers]) => [
      k,
      { headers, required: (required as readonly string[]).includes(k) },
    ]),
  ) as { [K in keyof typeof SAMM_HEADERS]: { headers: (typeof SAMM_HEADERS)[K]; required: boolean } };
}

/** Micro sheet: frame columns and the emotion (docs/datasets.md §2.3). */
export const MICRO_COLUMNS = columns([...REQUIRED, 'emotion']) satisfies ColumnSpecs;

/** Long-video sheet: frame columns and `Type`, no emotion (docs/datasets.md §2.5). */
export const LONG_VIDEO_COLUMNS = columns(REQUIRED) satisfies ColumnSpecs;
export const LONG_VIDEO_HEADER = {
  accept: (names: ReadonlySet<string>) =>
    names.has('type') && !SAMM_HEADERS.emotion.some((h) => names.has(h)),
};
