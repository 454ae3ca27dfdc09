/** B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin 1998). */
export interface BCubed {
  precision: number;
  recall: number;
  f1: number;
}

/** `gold[i]` and `pred[i]` label item i; every item counts once. */
export const bcubed = (gold: readonly string[], pred: readonly string[]): BCubed => {
  const n = gold.length;
  if (n === 0) return { precision: 0, recall: 0, f1: 0 };
  const pair = new Map<string, number>();
  const goldSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const g = gold[i] as string;
    const p = pred[i] as string;
    const k = `${g}\u0000${p}`;
    pair.set(k, (pair.get(k) ?? 0) + 1);
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < n; i++) {
    const g = gold[i] as string;
    const p = pred[i] as string;
    const both = pair.get(`${g}\u0000${p}`) ?? 0;
    precision += both / (predSize.get(p) ?? 1);
    recall += both / (goldSize.get(g) ?? 1);
  }
  precision /= n;
  recall /= n;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
};
