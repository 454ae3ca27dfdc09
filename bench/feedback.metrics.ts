/*
 * bench:feedback's simulated users and ranking metrics. A user who cares about one field labels k
 * random items of it (positives only), or k of it and k random others (positives + negatives); the
 * rest of the set is ranked and the field's items there are the relevant ones.
 */
import { prng } from './generate.js';

export type Mode = 'pos' | 'pos+neg';

export interface Task {
  field: string;
  k: number;
  mode: Mode;
  /** Indices of the labelled items and their labels. */
  labelled: number[];
  labels: boolean[];
  /** Indices of everything else: the items ranked. */
  pool: number[];
}

export interface Metrics {
  recall50: number;
  precision10: number;
  ndcg50: number;
}

const sample = (from: readonly number[], k: number, next: () => number): number[] => {
  const a = from.slice();
  for (let i = 0; i < k && i < a.length; i++) {
    const j = i + Math.floor(next() * (a.length - i));
    [a[i], a[j]] = [a[j] as number, a[i] as number];
  }
  return a.slice(0, k);
};

/** Every (field, k, mode, repetition) task, seeded: the same tasks on every run. */
export const makeTasks = (fields: readonly string[], ks: readonly number[], reps: number, seed = 7): Task[] => {
  const byField = new Map<string, number[]>();
  fields.forEach((f, i) => byField.set(f, [...(byField.get(f) ?? []), i]));
  const tasks: Task[] = [];
  const next = prng(seed);
  for (const [field, members] of [...byField].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const others = fields.map((_, i) => i).filter((i) => fields[i] !== field);
    for (const k of ks) {
      if (k * 2 > members.length) continue;
      for (let r = 0; r < reps; r++) {
        const pos = sample(members, k, next);
        const neg = sample(others, k, next);
        for (const mode of ['pos', 'pos+neg'] as const) {
          const labelled = mode === 'pos' ? pos : [...pos, ...neg];
          const taken = new Set(labelled);
          tasks.push({ field, k, mode, labelled, labels: labelled.map((i) => fields[i] === field), pool: fields.map((_, i) => i).filter((i) => !taken.has(i)) });
        }
      }
    }
  }
  return tasks;
};

/** recall@50, precision@10 and nDCG@50 of `pool` ranked by `scores` (ties: pool order). */
export const evaluate = (task: Task, fields: readonly string[], scores: ArrayLike<number>): Metrics => {
  const order = task.pool.map((i, p) => ({ i, s: scores[p] as number, p })).sort((a, b) => b.s - a.s || a.p - b.p);
  const relevant = task.pool.filter((i) => fields[i] === task.field).length;
  let hits50 = 0;
  let hits10 = 0;
  let dcg = 0;
  for (let r = 0; r < Math.min(50, order.length); r++) {
    if (fields[(order[r] as { i: number }).i] !== task.field) continue;
    hits50++;
    if (r < 10) hits10++;
    dcg += 1 / Math.log2(r + 2);
  }
  let ideal = 0;
  for (let r = 0; r < Math.min(50, relevant); r++) ideal += 1 / Math.log2(r + 2);
  return { recall50: relevant === 0 ? 0 : hits50 / relevant, precision10: hits10 / 10, ndcg50: ideal === 0 ? 0 : dcg / ideal };
};

/** The mean of each metric. */
export const mean = (ms: readonly Metrics[]): Metrics => {
  const n = Math.max(1, ms.length);
  return {
    recall50: ms.reduce((s, m) => s + m.recall50, 0) / n,
    precision10: ms.reduce((s, m) => s + m.precision10, 0) / n,
    ndcg50: ms.reduce((s, m) => s + m.ndcg50, 0) / n,
  };
};
