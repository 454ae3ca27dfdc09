/** Classification metrics for the quality benchmark. */

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
}

const f1Of = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** One-vs-rest scores of `positive(gold)` against `positive(pred)` over paired lists. */
export const binaryScores = (gold: readonly boolean[], pred: readonly boolean[]): ClassScores => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < gold.length; i++) {
    if (pred[i] && gold[i]) tp++;
    else if (pred[i]) fp++;
    else if (gold[i]) fn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { precision, recall, f1: f1Of(precision, recall), support: tp + fn, predicted: tp + fp };
};

export interface MultiClassScores {
  accuracy: number;
  macroF1: number;
  /** F1 per class weighted by its support (the figure VADER's paper reports). */
  weightedF1: number;
  perClass: Record<string, ClassScores>;
  /** confusion[gold][pred] */
  confusion: Record<string, Record<string, number>>;
}

export const multiClassScores = (
  labels: readonly string[],
  gold: readonly string[],
  pred: readonly string[],
): MultiClassScores => {
  const perClass: Record<string, ClassScores> = {};
  const confusion: Record<string, Record<string, number>> = {};
  for (const l of labels) {
    perClass[l] = binaryScores(gold.map((g) => g === l), pred.map((p) => p === l));
    confusion[l] = Object.fromEntries(labels.map((p) => [p, 0]));
  }
  let correct = 0;
  gold.forEach((g, i) => {
    const p = pred[i] ?? '';
    if (g === p) correct++;
    const row = confusion[g];
    if (row) row[p] = (row[p] ?? 0) + 1;
  });
  const macroF1 = labels.reduce((s, l) => s + (perClass[l]?.f1 ?? 0), 0) / labels.length;
  const weightedF1 = labels.reduce((s, l) => s + (perClass[l]?.f1 ?? 0) * (perClass[l]?.support ?? 0), 0) / Math.max(1, gold.length);
  return { accuracy: gold.length === 0 ? 0 : correct / gold.length, macroF1, weightedF1, perClass, confusion };
};

export const fmt = (n: number, digits = 3): string => n.toFixed(digits);

/** Fold of row `i` in k-fold cross-validation: interleaved, so every fold spans the whole file. */
export const foldOf = (i: number, folds: number): number => i % folds;
