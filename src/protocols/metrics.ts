export interface ClassMetrics {
  class: string;
  /** Samples of the class in the ground truth. */
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Metrics {
  samples: number;
  accuracy: number;
  /** Unweighted F1: the mean of per-class F1 over the classes averaged. */
  uf1: number;
  /** Unweighted average recall: the mean of per-class recall over the classes averaged. */
  uar: number;
  /** Classes in the ground truth or the predictions (scikit-learn's macro average uses the same set). */
  averaged: string[];
  per_class: ClassMetrics[];
  /** Rows: true class; columns: predicted class; both in `classes` order. */
  confusion: { classes: string[]; matrix: number[][] };
}

/**
 * UF1 and UAR as MEGC 2019 defines them: one confusion matrix accumulated over every test
 * sample of every fold, then per class c: F1_c = 2TP/(2TP+FP+FN), recall_c = TP/(TP+FN), and the
 * unweighted mean over the classes present (in truth or predictions). A ratio with a zero
 * denominator counts as 0, as scikit-learn's zero_division default does.
 */
export function computeMetrics(
  pairs: readonly { truth: string; prediction: string }[],
  classes: readonly string[],
): Metrics {
  const index = new Map(classes.map((c, i) => [c, i]));
  const matrix = classes.map(() => classes.map(() => 0));
  for (const { truth, prediction } of pairs) {
    const t = index.get(truth);
    const p = index.get(prediction);
    if (t === undefined || p === undefined)
      throw new Error(`class '${t === undefined ? truth : prediction}' is not one of ${classes.join(', ')}`);
    const row = matrix[t] as number[];
    row[p] = (row[p] ?? 0) + 1;
  }
  const per_class = classes.map((c, i) => {
    const tp = matrix[i]?.[i] ?? 0;
    const support = (matrix[i] ?? []).reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((a, row) => a + (row[i] ?? 0), 0);
    return {
      class: c,
      support,
      precision: ratio(tp, predicted),
      recall: ratio(tp, support),
      f1: ratio(2 * tp, support + predicted),
      predicted,
    };
  });
  const present = per_class.filter((m) => m.support > 0 || m.predicted > 0);
  const correct = classes.reduce((a, _, i) => a + (matrix[i]?.[i] ?? 0), 0);
  return {
    samples: pairs.length,
    accuracy: ratio(correct, pairs.length),
    uf1: mean(present.map((m) => m.f1)),
    uar: mean(present.map((m) => m.recall)),
    averaged: present.map((m) => m.class),
    per_class: per_class.map(({ predicted: _predicted, ...m }) => m),
    confusion: { classes: [...classes], matrix },
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
