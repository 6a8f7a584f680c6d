import { describe, expect, it } from 'vitest';
import { compositeEntries } from '../../fixtures/composite.js';
import { IssueLog } from '../../src/issues/issues.js';
import { loadMegc2019List, memberKey, resolveQuirks, selectMegc2019 } from '../../src/protocols/megc2019.js';
import { makeSample } from '../helpers/samples.js';
import { memberSamples } from './composite-samples.js';

describe('the shipped MEGC 2019 list', () => {
  it('is the published 442 samples, 68 subjects, with its checksum and source recorded', async () => {
    const { info, members } = await loadMegc2019List();
    expect(members).toHaveLength(info.expected.samples);
    expect(new Set(members.map((m) => `${m.dataset}/${m.subject}`)).size).toBe(info.expected.subjects);
    expect(info.source).toMatch(/FG 2019/);
    const count = (d: string, l: string) => members.filter((m) => m.dataset === d && m.label === l).length;
    expect([count('casme2', 'negative'), count('casme2', 'positive'), count('casme2', 'surprise')]).toEqual([
      88, 32, 25,
    ]);
    expect([count('samm', 'negative'), count('samm', 'positive'), count('samm', 'surprise')]).toEqual([
      92, 26, 15,
    ]);
    expect([count('smic', 'negative'), count('smic', 'positive'), count('smic', 'surprise')]).toEqual([
      70, 51, 43,
    ]);
  });

  it('resolves the list quirks to on-disk names (docs/datasets.md §6.3)', () => {
    expect(resolveQuirks('samm', '6', '006_1_2')).toEqual({ subject: '006', clip: '006_1_2' });
    expect(resolveQuirks('smic', 's01', 's01_ne_01')).toEqual({ subject: 's1', clip: 's1_ne_01' });
    expect(resolveQuirks('smic', 's20', 's20_po_03')).toEqual({ subject: 's20', clip: 's20_po_03' });
    expect(resolveQuirks('casme2', 'sub01', 'EP02_01f')).toEqual({ subject: 'sub01', clip: 'EP02_01f' });
    expect(memberKey('smic', 's01', 's01_ne_01')).toBe(memberKey('smic', 'smic/s1', 's1_ne_01'));
    expect(memberKey('samm', '6', '006_1_2')).toBe(memberKey('samm', 'samm/006', '006_1_2'));
    expect(memberKey('casme2', 'sub01', 'EP02_01f')).not.toBe(memberKey('casme2', 'sub02', 'EP02_01f'));
  });
});

describe('selectMegc2019', () => {
  it('selects exactly the list, labelled with its classes, sample for sample', async () => {
    const issues = new IssueLog();
    const sel = await selectMegc2019(memberSamples(), issues);
    expect(sel.samples).toHaveLength(442);
    expect(sel.missing).toEqual([]);
    expect(sel.excluded).toEqual([]);
    const names = ['negative', 'positive', 'surprise'];
    const expected = compositeEntries().map((e) => `${e.data}:${e.label}`);
    const got = sel.samples.map((s) => `${s.dataset}:${names.indexOf(s.label ?? '')}`);
    expect(got).toEqual(expected);
    expect(new Set(sel.samples.map((s) => s.subject)).size).toBe(68);
    expect(sel.samples.every((s) => s.label_profile === 'megc2019')).toBe(true);
    expect(issues.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('reports by name members not found, excluded candidates, other subsets and datasets, and label disagreements', async () => {
    const all = memberSamples();
    const dropped = all.find((s) => s.id === 'smic/s3/s3_ne_03');
    expect(dropped).toBeDefined();
    const relabelled = all.map((s) =>
      s.id === 'casme2/sub01/EP19_05f' ? { ...s, emotion: 'happiness' } : s,
    );
    const inputs = [
      ...relabelled.filter((s) => s !== dropped),
      makeSample('casme2', 'sub04', 'EP12_01f', { emotion: 'disgust' }),
      makeSample('casme2', 'sub05', 'EP09_05f', { emotion: 'disgust' }),
      makeSample('casme2', 'sub10', 'EP13_01', { emotion: 'others' }),
      makeSample('smic', 's11', 's11_ne_01', { subset: 'vis', emotion: 'negative' }),
      makeSample('mmme', 'S01', 'c1', { emotion: 'happy' }),
    ];
    const issues = new IssueLog();
    const sel = await selectMegc2019(inputs, issues);
    expect(sel.samples).toHaveLength(441);
    expect(sel.missing.map((m) => `${m.listSubject},${m.listClip}`)).toEqual(['s03,s03_ne_03']);
    expect(sel.excluded.map((s) => s.id).sort()).toEqual(['casme2/sub04/EP12_01f', 'casme2/sub05/EP09_05f']);
    const byCode = (c: string) => issues.issues.filter((i) => i.code === c);
    expect(byCode('protocol.member-missing')[0]?.message).toContain('smic s3/s3_ne_03');
    expect(
      byCode('protocol.excluded-candidate')
        .map((i) => i.sample)
        .sort(),
    ).toEqual(['casme2/sub04/EP12_01f', 'casme2/sub05/EP09_05f']);
    expect(
      byCode('protocol.not-in-composite')
        .map((i) => i.message)
        .sort(),
    ).toEqual([
      expect.stringMatching(/^1 mmme sample left out/),
      expect.stringMatching(/^1 smic \(vis\) sample left out/),
    ]);
    const differs = byCode('protocol.label-differs');
    expect(differs).toHaveLength(1);
    expect(differs[0]?.sample).toBe('casme2/sub01/EP19_05f');
    expect(sel.samples.find((s) => s.id === 'casme2/sub01/EP19_05f')?.label).toBe('negative');
  });

  it('a dataset absent altogether is one warning, its members still named in the report', async () => {
    const issues = new IssueLog();
    const sel = await selectMegc2019(
      memberSamples().filter((s) => s.dataset !== 'smic'),
      issues,
    );
    expect(sel.samples).toHaveLength(278);
    expect(sel.missing).toHaveLength(164);
    const warnings = issues.issues.filter((i) => i.severity === 'warning');
    expect(warnings.map((i) => i.code)).toEqual(['protocol.dataset-missing']);
    expect(warnings[0]?.message).toContain('the 164 MEGC 2019 members of smic are missing');
    expect(issues.issues.filter((i) => i.code === 'protocol.member-missing')).toHaveLength(164);
  });

  it('refuses to count one clip twice', async () => {
    const one = memberSamples().slice(0, 1);
    const twin = { ...one[0], id: 'casme2/sub01/EP02_01f-copy' } as (typeof one)[number];
    const issues = new IssueLog();
    const sel = await selectMegc2019([...one, twin], issues);
    expect(sel.samples.map((s) => s.id)).toEqual([one[0]?.id]);
    expect(issues.issues.find((i) => i.code === 'protocol.duplicate-candidate')?.sample).toBe(twin.id);
  });
});
