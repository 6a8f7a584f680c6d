import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IssueLog } from '../../src/issues/issues.js';
import { builtinProfileNames, labeller, loadProfile } from '../../src/labels/profile.js';
import { tempDir } from '../helpers/tmp.js';

/** Each dataset's vocabulary exactly as docs/datasets.md writes it (§1.4, §2.4, §3, §4.2). */
const VOCABULARY: Record<string, string[]> = {
  casme2: ['others', 'disgust', 'happiness', 'repression', 'surprise', 'sadness', 'fear'],
  samm: ['Anger', 'Other', 'Happiness', 'Surprise', 'Contempt', 'Disgust', 'Fear', 'Sadness'],
  smic: ['negative', 'positive', 'surprise'],
  mmme: ['happy', 'disgust', 'angry', 'fear', 'sad', 'surprise', 'tense'],
};

function labelAll(profileName: string, dataset: string, issues = new IssueLog()) {
  return loadProfile(profileName).then((p) => {
    const label = labeller(p, issues);
    return Object.fromEntries((VOCABULARY[dataset] ?? []).map((e) => [e, label({ dataset, emotion: e })]));
  });
}

describe('built-in label profiles', () => {
  it('ships original, megc2019, 4class, casme2-5class and basic7', async () => {
    expect(await builtinProfileNames()).toEqual(
      expect.arrayContaining(['original', 'megc2019', '4class', 'casme2-5class', 'basic7']),
    );
  });

  it('knows every emotion of every main dataset it covers (no unknown-emotion reports)', async () => {
    for (const name of ['megc2019', '4class', 'basic7']) {
      for (const dataset of Object.keys(VOCABULARY)) {
        const issues = new IssueLog();
        await labelAll(name, dataset, issues);
        expect(issues.issues, `${name} × ${dataset}`).toEqual([]);
      }
    }
  });

  it('4class: MEGC negatives plus the source others as a fourth class', async () => {
    expect(await labelAll('4class', 'casme2')).toEqual({
      others: 'others',
      disgust: 'negative',
      happiness: 'positive',
      repression: 'negative',
      surprise: 'surprise',
      sadness: 'negative',
      fear: 'negative',
    });
    const samm = await labelAll('4class', 'samm');
    expect(samm.Other).toBe('others');
    expect(samm.Contempt).toBe('negative');
  });

  it('casme2-5class: the 246-sample protocol, fear and sadness left unlabeled', async () => {
    expect(await labelAll('casme2-5class', 'casme2')).toEqual({
      others: 'others',
      disgust: 'disgust',
      happiness: 'happiness',
      repression: 'repression',
      surprise: 'surprise',
      sadness: null,
      fear: null,
    });
  });

  it('basic7 labels only what the source distinguishes', async () => {
    const smic = await labelAll('basic7', 'smic');
    expect(smic).toEqual({ negative: null, positive: null, surprise: 'surprise' });
    const samm = await labelAll('basic7', 'samm');
    expect(samm.Anger).toBe('anger');
    expect(samm.Other).toBeNull();
    const mmme = await labelAll('basic7', 'mmme');
    expect(mmme.happy).toBe('happiness');
    expect(mmme.tense).toBeNull();
  });
});

describe('labeller', () => {
  it('is decided by the profile table per dataset: CASME II others and SAMM Other are both known', async () => {
    const issues = new IssueLog();
    const label = labeller(await loadProfile('megc2019'), issues);
    expect(label({ dataset: 'casme2', emotion: 'others' })).toBeNull();
    expect(label({ dataset: 'samm', emotion: 'Other' })).toBeNull();
    expect(label({ dataset: 'samm', emotion: 'Happiness' })).toBe('positive');
    expect(label({ dataset: 'casme2', emotion: ' happiness ' })).toBe('positive');
    expect(issues.issues).toEqual([]);
  });

  it('uses a spelling that differs only in case but reports it', async () => {
    const issues = new IssueLog();
    const label = labeller(await loadProfile('megc2019'), issues);
    expect(label({ dataset: 'casme2', emotion: 'Happiness' })).toBe('positive');
    expect(label({ dataset: 'casme2', emotion: 'Happiness' })).toBe('positive');
    expect(issues.issues).toHaveLength(1);
    expect(issues.issues[0]?.code).toBe('label.case-mismatch');
    expect(issues.issues[0]?.message).toContain("'Happiness'");
  });

  it('reports each unknown emotion once, naming dataset and spelling', async () => {
    const issues = new IssueLog();
    const label = labeller(await loadProfile('megc2019'), issues);
    expect(label({ dataset: 'casme2', emotion: 'joy' })).toBeNull();
    expect(label({ dataset: 'casme2', emotion: 'joy' })).toBeNull();
    expect(label({ dataset: 'samm', emotion: 'joy' })).toBeNull();
    expect(issues.issues.map((i) => i.code)).toEqual(['label.unknown-emotion', 'label.unknown-emotion']);
    expect(issues.issues[0]?.message).toMatch(/casme2 emotion 'joy'/);
  });
});

describe('user profile files', () => {
  it('maps (dataset, emotion) → class, derives classes, and keeps or drops the rest', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'mine.json');
    await writeFile(
      file,
      JSON.stringify({
        name: 'mine',
        unmapped: 'keep',
        datasets: { casme2: { happiness: 'pos', disgust: 'neg' }, '*': { Happiness: 'pos' } },
      }),
    );
    const keep = await loadProfile(file);
    expect(keep.classes).toBeNull(); // kept spellings join the label space
    const issues = new IssueLog();
    const label = labeller(keep, issues);
    expect(label({ dataset: 'casme2', emotion: 'happiness' })).toBe('pos');
    expect(label({ dataset: 'samm', emotion: 'Happiness' })).toBe('pos');
    expect(label({ dataset: 'samm', emotion: 'Anger' })).toBe('Anger');
    expect(issues.issues.map((i) => i.message)).toEqual([
      "profile 'mine' has no class for samm emotion 'Anger'; kept as written",
    ]);

    await writeFile(
      file,
      JSON.stringify({ name: 'mine', datasets: { casme2: { happiness: 'pos', disgust: 'neg' } } }),
    );
    const drop = await loadProfile(file);
    expect(drop.classes).toEqual(['neg', 'pos']);
    expect(labeller(drop, new IssueLog())({ dataset: 'casme2', emotion: 'others' })).toBeNull();
  });

  it('rejects a file whose classes do not cover its tables, naming the entry', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({ name: 'bad', classes: ['a'], datasets: { casme2: { happiness: 'b' } } }),
    );
    await expect(loadProfile(file)).rejects.toThrow(
      /datasets\.casme2\.happiness: class 'b' is not in classes/,
    );
  });
});

describe('profiles state which kinds they label', () => {
  it('megc2019 labels micro-expressions only: a macro sample gets null, with the reason reported once', async () => {
    const profile = await loadProfile('megc2019');
    expect(profile.kinds).toEqual(['micro']);
    const issues = new IssueLog();
    const label = labeller(profile, issues);
    expect(label({ dataset: 'samm-lv', emotion: 'Happiness', kind: 'micro' })).toBe('positive');
    expect(label({ dataset: 'samm-lv', emotion: 'Happiness', kind: 'macro' })).toBeNull();
    expect(label({ dataset: 'samm-lv', emotion: 'Anger', kind: 'macro' })).toBeNull();
    const reasons = issues.issues.filter((i) => i.code === 'label.kind-not-labelled');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]?.message).toMatch(
      /labels micro movements only; samm-lv's macro samples get label null/,
    );
  });

  it('other profiles label both kinds unless they say otherwise', async () => {
    const label = labeller(await loadProfile('4class'), new IssueLog());
    expect(label({ dataset: 'samm-lv', emotion: 'Happiness', kind: 'macro' })).toBe('positive');
  });
});
