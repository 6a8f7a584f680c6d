import { describe, expect, it } from 'vitest';
import { applyErrata } from '../../../src/errata/apply.js';
import { loadErrata } from '../../../src/errata/load.js';
import { IssueLog } from '../../../src/issues/issues.js';
import { sampleById, scanFixture } from './helpers.js';

describe('CAS(ME)^3 errata (opt-in, docs/datasets-more.md §2.7)', () => {
  it('the scan never repairs; casme3-meb-fixes applies meb’s corrections where a sample holds the value', async () => {
    const s = await scanFixture({ badRows: true });
    const apexRow = sampleById(s, 'casme3/spNO.149/spNO.149_d_112');
    const longRow = sampleById(s, 'casme3/spNO.214/spNO.214_c_4');
    expect(apexRow?.source_frames.apex).toBe(83);
    expect(longRow?.source_frames.offset).toBe(3460);

    const log = new IssueLog();
    const record = applyErrata(s.result, 'casme3', await loadErrata('casme3-meb-fixes'), log);
    const status = (clip: string, field: string) =>
      record.outcomes.filter((o) => o.clip === clip && o.field === field).map((o) => o.status);
    expect(status('spNO.149_d', 'apex')).toContain('applied');
    expect(status('spNO.214_c', 'offset')).toContain('applied');
    expect(apexRow?.source_frames.apex).toBe(123);
    expect(apexRow?.apex_source).toBe('errata');
    expect(longRow?.source_frames.offset).toBe(34);
    // rows 751 and 752 were refused by the scan: nothing to correct, said so
    expect(status('spNO.216_d', 'onset')).toEqual(['not-applied']);
  });
});
