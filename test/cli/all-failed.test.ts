import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { casme2Rows, makeCasme2 } from '../../fixtures/casme2.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('convert --on-error skip where every sample failed', () => {
  it('exits 1 and says no sample could be converted', async () => {
    const dir = await tempDir();
    // every listed clip's folder missing; the two unlisted folders (docs/datasets.md §1.5) keep the layout found
    const every = casme2Rows().map((r) => `sub${r.subject}/${r.filename}`);
    const { root } = await makeCasme2({
      root: path.join(dir, 'CASME2'),
      missingFolders: every,
    });
    const run = await runCli([
      'convert',
      root,
      '-o',
      path.join(dir, 'out'),
      '--on-error',
      'skip',
      '--limit',
      '3',
    ]);
    expect(run.stdout).toContain('converted 0 samples');
    expect(run.stderr).toMatch(/no sample could be converted \(\d+ samples failed\)/);
    expect(run.code).toBe(1);
  });
});
