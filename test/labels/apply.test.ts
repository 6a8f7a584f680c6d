import { describe, expect, it } from 'vitest';
import { applyLabelProfile } from '../../src/index.js';
import { makeSample } from '../helpers/samples.js';

describe('applyLabelProfile (the API form of --labels)', () => {
  it('labels under the profile and returns what it could not map as issues', async () => {
    const input = [
      makeSample('casme2', 'sub01', 'EP01', { emotion: 'happiness', label: null, label_profile: 'original' }),
      makeSample('casme2', 'sub01', 'EP02', { emotion: 'boredom', label: null, label_profile: 'original' }),
    ];
    const { samples, issues } = await applyLabelProfile(input, 'megc2019');
    expect(samples.map((s) => [s.label, s.label_profile])).toEqual([
      ['positive', 'megc2019'],
      [null, 'megc2019'],
    ]);
    expect(issues.map((i) => i.code)).toEqual(['label.unknown-emotion']);
    expect(issues[0]?.message).toContain("'boredom'");
    expect(input[0]?.label).toBeNull();
  });
});
