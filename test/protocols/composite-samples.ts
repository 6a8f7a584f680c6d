import { compositeEntries } from '../../fixtures/composite.js';
import type { Sample } from '../../src/schema/sample.js';
import { makeSample } from '../helpers/samples.js';

const EMOTION: Record<string, readonly [string, string, string]> = {
  casme2: ['disgust', 'happiness', 'surprise'],
  samm: ['Anger', 'Happiness', 'Surprise'],
  smic: ['negative', 'positive', 'surprise'],
};

/**
 * The 442 members as converted samples would spell them (docs/datasets.md §6.3): SAMM subject `006`
 * (the list says `6`), SMIC subject `s1` and clip `s1_ne_01` (the list says `s01`, `s01_ne_01`).
 */
export function memberSamples(): Sample[] {
  return compositeEntries().map((e) => {
    const subject =
      e.data === 'samm'
        ? e.subject.padStart(3, '0')
        : e.data === 'smic'
          ? e.subject.replace(/^s0/, 's')
          : e.subject;
    const clip = e.data === 'smic' ? e.clip.replace(/^s0(\d)_/, 's$1_') : e.clip;
    const emotion = EMOTION[e.data]?.[e.label] ?? 'unknown';
    return makeSample(e.data, subject, clip, {
      emotion,
      label: emotion,
      subset: e.data === 'smic' ? 'hs' : null,
      nFrames: 3,
    });
  });
}
