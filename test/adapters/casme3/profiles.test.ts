import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../../src/issues/issues.js';
import { labeller, loadProfile } from '../../../src/labels/profile.js';

/** The JpgIndex sheet's vocabulary as written (docs/datasets-more.md §2.5), `Others` included. */
const VOCABULARY = ['disgust', 'surprise', 'others', 'fear', 'anger', 'sad', 'happy', 'Others'];

async function labelAll(profile: string, issues = new IssueLog()) {
  const label = labeller(await loadProfile(profile), issues);
  return Object.fromEntries(VOCABULARY.map((e) => [e, label({ dataset: 'casme3', emotion: e })]));
}

describe('CAS(ME)^3 label profiles (docs/datasets-more.md §2.8)', () => {
  it('every profile knows every emotion of the sheet (no unknown-emotion reports)', async () => {
    for (const name of ['megc2019', '4class', 'casme3-7class', 'basic7']) {
      const issues = new IssueLog();
      await labelAll(name, issues);
      expect(issues.issues, name).toEqual([]);
    }
  });

  it('3-class: disgust, fear, anger, sad negative; happy positive; surprise; others and Others dropped', async () => {
    expect(await labelAll('megc2019')).toEqual({
      disgust: 'negative',
      fear: 'negative',
      anger: 'negative',
      sad: 'negative',
      happy: 'positive',
      surprise: 'surprise',
      others: null,
      Others: null,
    });
  });

  it('4-class adds others, Others merged into it', async () => {
    const four = await labelAll('4class');
    expect(four.others).toBe('others');
    expect(four.Others).toBe('others');
    expect(four.sad).toBe('negative');
  });

  it("7-class: the sheet's own classes, HTNet's indices for the six emotions", async () => {
    const profile = await loadProfile('casme3-7class');
    expect(profile.classes).toEqual(['others', 'happy', 'surprise', 'sad', 'disgust', 'fear', 'anger']);
    const seven = await labelAll('casme3-7class');
    expect(seven.Others).toBe('others');
    expect(seven.anger).toBe('anger');
  });
});
