import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../../src/issues/issues.js';
import { labeller, loadProfile } from '../../../src/labels/profile.js';

/** Column G of the CAS(ME)² sheet, as written (docs/datasets-more.md §1.5). */
const COLUMN_G = ['negative', 'positive', 'surprise', 'others'];

async function labelAll(profile: string, kind: 'micro' | 'macro' = 'micro') {
  const issues = new IssueLog();
  const label = labeller(await loadProfile(profile), issues);
  const out = Object.fromEntries(COLUMN_G.map((e) => [e, label({ dataset: 'casme-sq', emotion: e, kind })]));
  return { out, issues: issues.issues };
}

describe('label profiles for CAS(ME)² (docs/datasets-more.md §1.8)', () => {
  it('megc2019: column G is already the 3 classes; others is dropped, as MEAN does', async () => {
    const { out, issues } = await labelAll('megc2019');
    expect(out).toEqual({ negative: 'negative', positive: 'positive', surprise: 'surprise', others: null });
    expect(issues).toEqual([]);
  });

  it('4class: others kept as the fourth class (MEAN’s optional 4th class)', async () => {
    const { out, issues } = await labelAll('4class', 'macro');
    expect(out).toEqual({
      negative: 'negative',
      positive: 'positive',
      surprise: 'surprise',
      others: 'others',
    });
    expect(issues).toEqual([]);
  });

  it('cites its source for CAS(ME)²', async () => {
    for (const name of ['megc2019', '4class'])
      expect((await loadProfile(name)).source, name).toContain('docs/datasets-more.md §1.8');
  });
});
