import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/protocols/metrics.js';
import type { Sample } from '../../src/schema/sample.js';
import { runCli } from '../helpers/cli.js';
import { writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';
import { memberSamples } from './composite-samples.js';

const CLASSES = ['negative', 'positive', 'surprise'];

// Hand-computed: confusion rows (truth) n [3,0,1], p [1,2,0], s [1,0,2].
// F1: n 6/9, p 4/5, s 4/6 → UF1 (2/3 + 4/5 + 2/3)/3 = 0.711111; recall: 3/4, 2/3, 2/3 → UAR 0.694444.
const TRUTH = 'n n n n p p p s s s'.split(' ');
const PRED = 'n n n s p p n s s n'.split(' ');
const full = (c: string) => CLASSES.find((k) => k.startsWith(c)) as string;

/** scikit-learn's macro F1 and recall, or null (with the reason printed) where it is not installed. */
function sklearnMacro(
  truth: readonly string[],
  pred: readonly string[],
): { f1: number; recall: number } | null {
  const code = `import json,sys
from sklearn.metrics import f1_score, recall_score
t,p=json.load(sys.stdin)
print(json.dumps({"f1":f1_score(t,p,average="macro"),"recall":recall_score(t,p,average="macro")}))`;
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', code], { input: JSON.stringify([truth, pred]), encoding: 'utf8' });
    if (r.status === 0) return JSON.parse(r.stdout) as { f1: number; recall: number };
  }
  console.log('scikit-learn not installed (apt-get install python3-sklearn): its cross-check is skipped');
  return null;
}

describe('metrics: UF1 / UAR as MEGC 2019 defines them', () => {
  it('matches the hand-computed confusion matrix, UF1, UAR and accuracy', () => {
    const m = computeMetrics(
      TRUTH.map((t, i) => ({ truth: full(t), prediction: full(PRED[i] as string) })),
      CLASSES,
    );
    expect(m.confusion.matrix).toEqual([
      [3, 0, 1],
      [1, 2, 0],
      [1, 0, 2],
    ]);
    expect(m.uf1).toBeCloseTo((2 / 3 + 4 / 5 + 2 / 3) / 3, 12);
    expect(m.uf1).toBeCloseTo(0.711111, 6);
    expect(m.uar).toBeCloseTo((3 / 4 + 2 / 3 + 2 / 3) / 3, 12);
    expect(m.uar).toBeCloseTo(0.694444, 6);
    expect(m.accuracy).toBe(0.7);
  });

  it('averages over classes present in truth or predictions, a class only predicted counting 0', () => {
    // truth has no surprise; one sample predicted surprise: F1 n 2/3, p 1, s 0; recall n 1/2, p 1, s 0
    const m = computeMetrics(
      [
        { truth: 'negative', prediction: 'negative' },
        { truth: 'negative', prediction: 'surprise' },
        { truth: 'positive', prediction: 'positive' },
      ],
      CLASSES,
    );
    expect(m.averaged).toEqual(CLASSES);
    expect(m.uf1).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
    expect(m.uar).toBeCloseTo((1 / 2 + 1 + 0) / 3, 12);
    const sk = sklearnMacro(['n', 'n', 'p'], ['n', 's', 'p']);
    if (sk) {
      expect(m.uf1).toBeCloseTo(sk.f1, 12);
      expect(m.uar).toBeCloseTo(sk.recall, 12);
    }
  });

  it('agrees with scikit-learn f1_score / recall_score (average="macro") on the fixed example', () => {
    const m = computeMetrics(
      TRUTH.map((t, i) => ({ truth: full(t), prediction: full(PRED[i] as string) })),
      CLASSES,
    );
    const sk = sklearnMacro(TRUTH.map(full), PRED.map(full));
    if (!sk) return;
    expect(m.uf1).toBeCloseTo(sk.f1, 12);
    expect(m.uar).toBeCloseTo(sk.recall, 12);
  });
});

describe('me-unify score', () => {
  let base: string;
  let out: string;
  let samples: Sample[];

  /** Label by MEGC class (the composite's labels); dataset.json says it is the MEGC 2019 composite. */
  beforeAll(async () => {
    base = await tempDir();
    out = path.join(base, 'composite');
    const classOf: Record<string, string> = {
      disgust: 'negative',
      Anger: 'negative',
      negative: 'negative',
      happiness: 'positive',
      Happiness: 'positive',
      positive: 'positive',
    };
    samples = memberSamples().map((s) => ({
      ...s,
      label: classOf[s.emotion as string] ?? 'surprise',
      label_profile: 'megc2019',
    }));
    await writeOutput(out, samples, { profile: 'megc2019', classes: CLASSES });
    const infoFile = path.join(out, 'dataset.json');
    const info = JSON.parse(await readFile(infoFile, 'utf8'));
    await writeFile(infoFile, JSON.stringify({ ...info, options: { protocol: 'megc2019' } }));
    const split = await runCli(['splits', out, '--protocol', 'megc2019']);
    expect(split.code, split.stderr).toBe(0);
  });

  /** A fixed, imperfect prediction: every third sample gets the next class. */
  const predictionOf = (s: Sample, i: number) =>
    i % 3 === 0 ? CLASSES[(CLASSES.indexOf(s.label as string) + 1) % 3] : s.label;

  it('reproduces UF1/UAR computed independently, overall and per MEGC 2019 part; class indices accepted', async () => {
    const csv = path.join(base, 'pred.csv');
    const rows = samples.map((s, i) => {
      const p = predictionOf(s, i) as string;
      // every other row by class index (0 negative, 1 positive, 2 surprise)
      return `${s.id},${i % 2 ? CLASSES.indexOf(p) : p}`;
    });
    await writeFile(csv, `id,prediction\n${rows.join('\n')}\n`);
    const run = await runCli(['score', csv, '--on', out, '--protocol', 'megc2019']);
    expect(run.code, run.stderr).toBe(0);
    const score = JSON.parse(await readFile(path.join(base, 'pred.score.json'), 'utf8'));
    expect(Object.keys(score.by_dataset)).toEqual(['casme2', 'samm', 'smic']);
    const parts: [string, Sample[]][] = [
      ['overall', samples],
      ...['casme2', 'samm', 'smic'].map((d): [string, Sample[]] => [
        d,
        samples.filter((s) => s.dataset === d),
      ]),
    ];
    for (const [name, list] of parts) {
      // independent: per class, binary counts straight from the two vectors
      const truth = list.map((s) => s.label as string);
      const pred = list.map((s) => predictionOf(s, samples.indexOf(s)) as string);
      const f1s: number[] = [];
      const recalls: number[] = [];
      for (const c of CLASSES) {
        const tp = truth.filter((t, i) => t === c && pred[i] === c).length;
        const fp = truth.filter((t, i) => t !== c && pred[i] === c).length;
        const fn = truth.filter((t, i) => t === c && pred[i] !== c).length;
        f1s.push((2 * tp) / (2 * tp + fp + fn));
        recalls.push(tp / (tp + fn));
      }
      const metrics = name === 'overall' ? score.overall : score.by_dataset[name];
      expect(metrics.uf1, name).toBeCloseTo(f1s.reduce((a, b) => a + b) / 3, 12);
      expect(metrics.uar, name).toBeCloseTo(recalls.reduce((a, b) => a + b) / 3, 12);
      const sk = sklearnMacro(truth, pred);
      if (sk) {
        expect(metrics.uf1, name).toBeCloseTo(sk.f1, 12);
        expect(metrics.uar, name).toBeCloseTo(sk.recall, 12);
      }
    }
    expect(run.stdout).toMatch(/overall\s+UF1 \d\.\d{4}\s+UAR \d\.\d{4}/);
  });

  it('names the row of an unknown id, a duplicate, an unknown class, and the missing predictions', async () => {
    const csv = path.join(base, 'bad.csv');
    const [a, b, c] = samples;
    const lines = [
      'id,prediction',
      `${a?.id},negative`,
      `${a?.id},positive`,
      'casme2/nobody/EP00,negative',
      `${b?.id},anger`,
      `${c?.id},7`,
    ];
    await writeFile(csv, `${lines.join('\n')}\n`);
    const run = await runCli(['score', csv, '--on', out, '--protocol', 'megc2019']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`row 3: id '${a?.id}' was already predicted on row 2`);
    expect(run.stderr).toContain("row 4: id 'casme2/nobody/EP00' is not a labelled test sample");
    expect(run.stderr).toMatch(
      /row 5: prediction 'anger' is not a class; expected one of negative, positive, surprise/,
    );
    expect(run.stderr).toMatch(/row 6: prediction '7' is not a class/);
    expect(run.stderr).toMatch(/no prediction for 439 test samples/);
  });

  it('refuses a split made from another manifest, and a missing split file (usage)', async () => {
    const other = path.join(base, 'other');
    await writeOutput(other, samples.slice(0, 10), { profile: 'megc2019', classes: CLASSES });
    const missing = await runCli(['score', path.join(base, 'bad.csv'), '--on', other, '--protocol', 'loso']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no split file .*splits-loso\.json; run 'me-unify splits/);
    const stale = await runCli([
      'score',
      path.join(base, 'bad.csv'),
      '--on',
      other,
      '--protocol',
      'megc2019',
      '--splits',
      path.join(out, 'splits-megc2019.json'),
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/was made from a different manifest/);
  });
});
