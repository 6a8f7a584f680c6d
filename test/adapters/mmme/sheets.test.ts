import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MMME_PARTICIPANTS, makeMmme, mmmeSheetRows } from '../../../fixtures/mmme.js';
import { writeWorkbook } from '../../../fixtures/sheets.js';
import { readManifest } from '../../../src/manifest/read.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { namesUnder } from './helpers.js';

// A download with the public sheet and a per-annotator copy that lists fewer participants:
// whichever sheet is read, a person keeps one pseudonym, and the annotator's name stays out.
describe('MMME: several coding sheets', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await tempDir();
    root = path.join(base, 'MMME');
    const { rows } = await makeMmme({ root, participants: 3, rowsPerParticipant: 2 });
    const last = [...MMME_PARTICIPANTS.slice(0, 3)].sort()[2];
    await writeWorkbook(path.join(root, 'annotations', 'coding_file_wanglaoshi.xlsx'), [
      {
        name: 'Sheet1',
        rows: mmmeSheetRows(
          rows.filter((r) => r.name === last),
          true,
          false,
        ),
      },
    ]);
  }, 120_000);

  it('gives the same pseudonyms from the per-annotator sheet as from the public one', async () => {
    const pub = await runCli(['convert', root, '-o', path.join(base, 'public'), '--pseudonymised-paths']);
    expect(pub.code, pub.stderr).toBe(0);
    expect(pub.stdout).toMatch(/sheet\.several-sheets.*coding_file_annotator\.xlsx/);
    const sheet = path.join(root, 'annotations', 'coding_file_wanglaoshi.xlsx');
    const ann = await runCli([
      'convert',
      root,
      '-o',
      path.join(base, 'annotator'),
      '--sheet',
      sheet,
      '--pseudonymised-paths',
    ]);
    expect(ann.code, ann.stderr).toBe(0);
    const fromPublic = await readManifest(path.join(base, 'public', 'manifest.jsonl'));
    const fromAnnotator = await readManifest(path.join(base, 'annotator', 'manifest.jsonl'));
    expect(fromAnnotator.map((s) => s.subject)).toEqual(['mmme/p03', 'mmme/p03']);
    const ids = new Set(fromPublic.map((s) => s.id));
    for (const s of fromAnnotator) expect(ids.has(s.id)).toBe(true);
    expect(fromAnnotator.every((s) => s.extra.kind_source === 'sheet')).toBe(true);
    for (const out of ['public', 'annotator']) {
      expect(await namesUnder(path.join(base, out), [...MMME_PARTICIPANTS, 'wanglaoshi'])).toEqual([]);
    }
    expect(`${ann.stdout}${ann.stderr}${pub.stdout}`).not.toContain('wanglaoshi');
  });
});
