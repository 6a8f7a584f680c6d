import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../src/issues/issues.js';
import { labeller, loadProfile } from '../../src/labels/profile.js';

/** The vocabularies docs/datasets-more.md gives: MMEW §3 (as written in the sheet), 4DME §4 (inferred). */
const VOCABULARY: Record<string, string[]> = {
  mmew: ['happiness', 'surprise', 'disgust', 'fear', 'sadness', 'anger', 'others'],
  '4dme': ['Positive', 'Negative', 'Surprise', 'Repression', 'Others', 'Surprise+Positive'],
};

async function labelAll(profile: string, dataset: string) {
  const issues = new IssueLog();
  const label = labeller(await loadProfile(profile), issues);
  const out = Object.fromEntries((VOCABULARY[dataset] ?? []).map((e) => [e, label({ dataset, emotion: e })]));
  return { out, issues: issues.issues };
}

describe('label profiles for MMEW and 4DME (docs/datasets-more.md §3, §4)', () => {
  it('megc2019: MMEW 109/36/89 grouping, others dropped; 4DME repression negative, others and combinations dropped', async () => {
    const mmew = await labelAll('megc2019', 'mmew');
    expect(mmew.issues).toEqual([]);
    expect(mmew.out).toEqual({
      happiness: 'positive',
      surprise: 'surprise',
      disgust: 'negative',
      fear: 'negative',
      sadness: 'negative',
      anger: 'negative',
      others: null,
    });
    const fourD = await labelAll('megc2019', '4dme');
    expect(fourD.issues).toEqual([]);
    expect(fourD.out).toEqual({
      Positive: 'positive',
      Negative: 'negative',
      Surprise: 'surprise',
      Repression: 'negative',
      Others: null,
      'Surprise+Positive': null,
    });
  });

  it('4class keeps others as the fourth class; basic7 labels only what the source distinguishes', async () => {
    expect((await labelAll('4class', 'mmew')).out.others).toBe('others');
    expect((await labelAll('4class', '4dme')).out.Others).toBe('others');
    const b7 = await labelAll('basic7', '4dme');
    expect(b7.issues).toEqual([]);
    expect(b7.out).toMatchObject({ Surprise: 'surprise', Positive: null, Negative: null });
    expect((await labelAll('basic7', 'mmew')).out).toMatchObject({ anger: 'anger', others: null });
  });

  it('cites docs/datasets-more.md for each mapping', async () => {
    for (const name of ['megc2019', '4class', 'basic7']) {
      const { source } = await loadProfile(name);
      expect(source, name).toContain('docs/datasets-more.md §3');
      expect(source, name).toContain('§4');
    }
  });
});
