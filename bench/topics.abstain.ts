/*
 * The "no research topic" threshold (issue 16, ADR 0024 amended): an item whose best topic
 * probability is under `topics.minScore` gets no topic. Chosen by 5-fold CV on two domains:
 *   A. MAG titles (mag-dev, 7 fields) as the items that should keep a topic — the model trained on
 *      the other four folds — against the demo corpus's non-research posts (product chatter) as the
 *      items that should not;
 *   B. the default research taxonomy's model (the pipeline's) on the demo corpus: its `research`
 *      posts should keep a topic, the rest should not.
 * The criterion is balanced accuracy (mean of the keep rate on research and the abstain rate on
 * chatter). Per fold the threshold is chosen on the other four folds' out-of-fold scores and scored
 * on the held-out fold. Prints figures; asserts nothing.
 * Run: node --import tsx bench/topics.abstain.ts --data ../shared/data
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { classifyTopics, DEFAULT_TOPIC_PARAMS, loadTopicModel, trainTopicModel, type TopicExample } from '../src/topics/model.js';
import { DEFAULT_TAXONOMY, taxonomyExamples } from '../src/topics/taxonomy.js';
import { requireBenchFile, ROOT } from './data-dir.js';
import { stratifiedFolds } from './topics.cv.js';

const FOLDS = 5;
const GRID = Array.from({ length: 19 }, (_, i) => 0.1 + i * 0.05);

interface Scored { top: number; research: boolean; fold: number }

const jsonl = <T>(file: string): T[] => readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);

const balanced = (rows: readonly Scored[], t: number): number => {
  const pos = rows.filter((r) => r.research);
  const neg = rows.filter((r) => !r.research);
  const keep = pos.filter((r) => r.top >= t).length / Math.max(1, pos.length);
  const abstain = neg.filter((r) => r.top < t).length / Math.max(1, neg.length);
  return (keep + abstain) / 2;
};

const best = (rows: readonly Scored[]): number => GRID.reduce((b, t) => (balanced(rows, t) > balanced(rows, b) + 1e-12 ? t : b), GRID[0] as number);

/** Per outer fold: threshold chosen on the other folds, balanced accuracy on this one. */
const crossValidate = (name: string, rows: readonly Scored[]): number[] => {
  const chosen: number[] = [];
  const scores: number[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const t = best(rows.filter((r) => r.fold !== k));
    chosen.push(t);
    scores.push(balanced(rows.filter((r) => r.fold === k), t));
  }
  const mean = scores.reduce((s, x) => s + x, 0) / FOLDS;
  console.log(`${name}: thresholds per fold ${chosen.map((t) => t.toFixed(2)).join(' ')}, held-out balanced accuracy ${mean.toFixed(3)} (${scores.map((s) => s.toFixed(3)).join(' ')})`);
  console.log(`  curve: ${GRID.map((t) => `${t.toFixed(2)}→${balanced(rows, t).toFixed(3)}`).join('  ')}`);
  return chosen;
};

const demo = jsonl<{ text: string; expected: string }>(resolve(ROOT, 'data/demo/corpus.jsonl'));
const demoFold = stratifiedFolds(demo.map((d) => (d.expected === 'research' ? 'r' : 'o')), FOLDS, 11);

// A. MAG research titles against the demo's chatter.
const mag = jsonl<TopicExample>(requireBenchFile('topics.abstain', 'topics/mag-dev.jsonl'));
const magFold = stratifiedFolds(mag.map((m) => m.label), FOLDS, 7);
const a: Scored[] = [];
for (let k = 0; k < FOLDS; k++) {
  const model = loadTopicModel(trainTopicModel(mag.filter((_, i) => magFold[i] !== k), DEFAULT_TOPIC_PARAMS));
  mag.forEach((m, i) => magFold[i] === k && a.push({ top: classifyTopics(model, m.text, 1)[0]?.score ?? 0, research: true, fold: k }));
  demo.forEach((d, i) => demoFold[i] === k && d.expected !== 'research' && a.push({ top: classifyTopics(model, d.text, 1)[0]?.score ?? 0, research: false, fold: k }));
}
const chosenA = crossValidate('A. MAG titles vs demo chatter (7 fields)', a);

// B. The default taxonomy on the demo corpus.
const taxonomyModel = loadTopicModel(trainTopicModel(taxonomyExamples(DEFAULT_TAXONOMY), DEFAULT_TOPIC_PARAMS));
const b: Scored[] = demo.map((d, i) => ({ top: classifyTopics(taxonomyModel, d.text, 1)[0]?.score ?? 0, research: d.expected === 'research', fold: demoFold[i] as number }));
const chosenB = crossValidate('B. default taxonomy on the demo corpus (12 topics)', b);

// The shipped threshold: the mean of the two domains' balanced accuracies, chosen on four folds, scored on the fifth.
const both = (k: number | null, t: number, keepFold: boolean): number => {
  const pick = (rows: Scored[]) => rows.filter((r) => k === null || (r.fold === k) === keepFold);
  return (balanced(pick(a), t) + balanced(pick(b), t)) / 2;
};
const perFold = Array.from({ length: FOLDS }, (_, k) => {
  const t = GRID.reduce((bt, x) => (both(k, x, false) > both(k, bt, false) + 1e-12 ? x : bt), GRID[0] as number);
  return { t, held: both(k, t, true) };
});
const overall = GRID.reduce((bt, x) => (both(null, x, true) > both(null, bt, true) + 1e-12 ? x : bt), GRID[0] as number);
console.log(`both domains: thresholds per fold ${perFold.map((f) => f.t.toFixed(2)).join(' ')}, held-out mean balanced accuracy ${(perFold.reduce((s, f) => s + f.held, 0) / FOLDS).toFixed(3)}`);
console.log(`shipped topics.minScore = ${overall.toFixed(2)}: A ${balanced(a, overall).toFixed(3)}, B ${balanced(b, overall).toFixed(3)} (per-domain choices A ${chosenA.map((x) => x.toFixed(2)).join(',')}, B ${chosenB.map((x) => x.toFixed(2)).join(',')})`);
