/*
 * Topic model benchmark. MAG titles (../shared/data/topics/mag-dev.jsonl, or `--data` as that file
 * or the data folder; skipped with one line when absent): 5-fold stratified cross-validated
 * macro-F1 and accuracy on the 7 fields for
 *   - a nearest-centroid baseline (unigram tf-idf, cosine to each field's mean), same folds;
 *   - the shipped defaults (src/topics/model.ts);
 *   - nested selection: λ and the char n-gram length chosen per outer fold by 3-fold CV on the
 *     other four folds only, then scored on the outer fold;
 *   - ml-logistic-regression (dense one-vs-all gradient descent) on the 1,000 most frequent
 *     unigram columns, outer fold 1 only (its dense matrices do not fit the full feature space).
 * Then: training time on all titles, classify throughput (items/s wall and per CPU-second), model
 * file size. Writes docs/bench/topics.md. Asserts nothing.
 * Run: npm run bench:topics -- --data ../shared/data/topics/mag-dev.jsonl
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { classifyTopics, DEFAULT_TOPIC_PARAMS, loadTopicModel, serializeTopicModel, trainTopicModel, type TopicExample, type TopicParams } from '../src/topics/model.js';
import { DEFAULT_TAXONOMY, taxonomyExamples } from '../src/topics/taxonomy.js';
import { requireBenchFile, ROOT } from './data-dir.js';
import { accuracy, macroF1, nearestCentroid, stratifiedFolds } from './topics.cv.js';
import { mlLogisticRegression } from './topics.ml-logreg.js';

const COMMAND = 'npm run bench:topics -- --data ../shared/data/topics/mag-dev.jsonl';
const REL = 'topics/mag-dev.jsonl';
const FOLDS = 5;
const SEED = 7;
const GRID: Array<Partial<TopicParams>> = [1e-4, 2e-4, 5e-4].flatMap((lambda) => [0, 5].map((chars) => ({ lambda, chars })));

const dataFile = (): string => requireBenchFile('bench:topics', REL);

const load = (file: string): TopicExample[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as TopicExample)
    .map((r) => ({ text: r.text, label: r.label }));

type Predictor = (train: TopicExample[], test: TopicExample[]) => string[];

const modelPredictor =
  (params: TopicParams): Predictor =>
  (train, test) => {
    const m = loadTopicModel(trainTopicModel(train, params));
    return test.map((e) => classifyTopics(m, e.text, 1)[0]?.name ?? '');
  };

const split = (ex: TopicExample[], folds: number[], k: number): [TopicExample[], TopicExample[]] => [ex.filter((_, i) => folds[i] !== k), ex.filter((_, i) => folds[i] === k)];

interface FoldScore {
  f1: number;
  acc: number;
}

const cv = (ex: TopicExample[], k: number, seed: number, predict: (train: TopicExample[], test: TopicExample[], fold: number) => string[]): FoldScore[] => {
  const folds = stratifiedFolds(
    ex.map((e) => e.label),
    k,
    seed,
  );
  return Array.from({ length: k }, (_, f) => {
    const [train, test] = split(ex, folds, f);
    const pred = predict(train, test, f);
    const gold = test.map((e) => e.label);
    return { f1: macroF1(gold, pred), acc: accuracy(gold, pred) };
  });
};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const f3 = (x: number): string => x.toFixed(3);
const show = (p: Partial<TopicParams>): string => `λ ${p.lambda}, chars ${p.chars}`;

const main = (): void => {
  const file = dataFile();
  const ex = load(file);
  const labels = [...new Set(ex.map((e) => e.label))].sort();
  const load0 = loadavg()[0] ?? 0;
  console.log(`bench:topics: ${ex.length} examples, ${labels.length} labels, load average ${load0.toFixed(2)}`);
  const md: string[] = [];
  const rows: string[] = [];

  const baseline = cv(ex, FOLDS, SEED, nearestCentroid);
  console.log(`nearest centroid: macro-F1 ${f3(mean(baseline.map((s) => s.f1)))}`);
  const shipped = cv(ex, FOLDS, SEED, modelPredictor(DEFAULT_TOPIC_PARAMS));
  console.log(`shipped defaults: macro-F1 ${f3(mean(shipped.map((s) => s.f1)))}`);

  const chosen: Array<{ params: Partial<TopicParams>; inner: number }> = [];
  const nested = cv(ex, FOLDS, SEED, (train, test, f) => {
    let best = { params: GRID[0] as Partial<TopicParams>, inner: -1 };
    for (const g of GRID) {
      const inner = mean(cv(train, 3, SEED + f + 1, modelPredictor({ ...DEFAULT_TOPIC_PARAMS, ...g })).map((s) => s.f1));
      if (inner > best.inner) best = { params: g, inner };
    }
    chosen.push(best);
    console.log(`  outer fold ${f + 1}: chose ${show(best.params)} (inner macro-F1 ${f3(best.inner)})`);
    return modelPredictor({ ...DEFAULT_TOPIC_PARAMS, ...best.params })(train, test);
  });
  console.log(`nested selection: macro-F1 ${f3(mean(nested.map((s) => s.f1)))}`);

  const folds = stratifiedFolds(
    ex.map((e) => e.label),
    FOLDS,
    SEED,
  );
  const [mlTrain, mlTest] = split(ex, folds, 0);
  const ml = mlLogisticRegression(mlTrain, mlTest, { columns: 1000, steps: 100 });
  const mlGold = mlTest.map((e) => e.label);
  const mlF1 = macroF1(mlGold, ml.predicted);
  console.log(`ml-logistic-regression (fold 1, 1,000 columns, 100 steps): macro-F1 ${f3(mlF1)}, ${ml.seconds.toFixed(1)} s`);
  const ours1 = shipped[0] as FoldScore;

  // Second domain: the default research taxonomy, each example title held out in turn (trained on
  // the other titles plus every topic's keywords and name, as the product trains).
  const held = DEFAULT_TAXONOMY.flatMap((t) => t.examples.map((text) => ({ text, label: t.name })));
  const rest = (i: number): TopicExample[] => {
    const h = held[i] as TopicExample;
    return taxonomyExamples(DEFAULT_TAXONOMY).filter((e) => !(e.text === h.text && e.label === h.label));
  };
  const heldGold = held.map((e) => e.label);
  const heldOurs = held.map((e, i) => modelPredictor(DEFAULT_TOPIC_PARAMS)(rest(i), [e])[0] as string);
  const heldCentroid = held.map((e, i) => nearestCentroid(rest(i), [e])[0] as string);
  const second = { ours: macroF1(heldGold, heldOurs), oursAcc: accuracy(heldGold, heldOurs), centroid: macroF1(heldGold, heldCentroid), centroidAcc: accuracy(heldGold, heldCentroid) };
  console.log(`research taxonomy, leave-one-title-out (${held.length} titles): ours macro-F1 ${f3(second.ours)}, nearest centroid ${f3(second.centroid)}`);

  // Training time, throughput, size: the model trained on everything.
  const trainTimes: number[] = [];
  let model = trainTopicModel(ex);
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    model = trainTopicModel(ex);
    trainTimes.push((performance.now() - t0) / 1000);
  }
  const bytes = Buffer.byteLength(serializeTopicModel(model));
  const loaded = loadTopicModel(model);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (const e of ex) classifyTopics(loaded, e.text);
    const secs = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    wall.push(ex.length / secs);
    cpu.push(ex.length / ((c.user + c.system) / 1e6));
  }
  console.log(`training on ${ex.length}: median ${median(trainTimes).toFixed(2)} s (min ${Math.min(...trainTimes).toFixed(2)} s)`);
  console.log(`classify: median ${median(wall).toFixed(0)} items/s wall (best ${Math.max(...wall).toFixed(0)}), median ${median(cpu).toFixed(0)} items per CPU-second`);
  console.log(`model file: ${(bytes / 1e6).toFixed(2)} MB (${model.buckets.length} features × ${model.topics.length} topics)`);
  const load1 = loadavg()[0] ?? 0;

  for (let f = 0; f < FOLDS; f++) {
    const c = chosen[f];
    rows.push(`| ${f + 1} | ${f3((baseline[f] as FoldScore).f1)} | ${f3((shipped[f] as FoldScore).f1)} | ${c ? show(c.params) : ''} (${c ? f3(c.inner) : ''}) | ${f3((nested[f] as FoldScore).f1)} |`);
  }
  md.push(
    '# Topic model benchmark',
    '',
    `Command: \`${COMMAND}\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${ex.length} MAG titles, ${labels.length} fields: ${labels.join(', ')}). Load average ${load0.toFixed(2)} at the start, ${load1.toFixed(2)} at the end (2 cores, shared).`,
    '',
    `## 5-fold stratified cross-validation (seed ${SEED})`,
    '',
    '| model | macro-F1 | accuracy |',
    '|---|---|---|',
    `| nearest centroid (unigram tf-idf, cosine), baseline | ${f3(mean(baseline.map((s) => s.f1)))} | ${f3(mean(baseline.map((s) => s.acc)))} |`,
    `| ours, shipped defaults (${show(DEFAULT_TOPIC_PARAMS)}, bigrams, 2^${DEFAULT_TOPIC_PARAMS.bits} buckets, ${DEFAULT_TOPIC_PARAMS.epochs} epochs) | **${f3(mean(shipped.map((s) => s.f1)))}** | ${f3(mean(shipped.map((s) => s.acc)))} |`,
    `| ours, nested selection (grid chosen per outer fold on its four training folds) | **${f3(mean(nested.map((s) => s.f1)))}** | ${f3(mean(nested.map((s) => s.acc)))} |`,
    '',
    `Grid: ${GRID.map(show).join('; ')}; inner 3-fold CV on the outer training folds only.`,
    '',
    '| outer fold | centroid F1 | shipped F1 | chosen (inner F1) | nested F1 |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    '## ml-logistic-regression against our SGD (outer fold 1 only)',
    '',
    `| model | macro-F1 | train + predict |`,
    '|---|---|---|',
    `| ml-logistic-regression@2 (one-vs-all, dense batch gradient descent, 1,000 most frequent unigram columns, 100 steps) | ${f3(mlF1)} | ${ml.seconds.toFixed(1)} s |`,
    `| ours, shipped defaults (sparse SGD, all features) | ${f3(ours1.f1)} | see training time below |`,
    '',
    `## Second domain: the default research taxonomy (${held.length} example titles, ${DEFAULT_TAXONOMY.length} topics)`,
    '',
    'Each example title held out in turn; the model trained on the other titles plus every topic\'s keywords and name (as the product trains), shipped defaults unchanged.',
    '',
    '| model | macro-F1 | accuracy |',
    '|---|---|---|',
    `| nearest centroid | ${f3(second.centroid)} | ${f3(second.centroidAcc)} |`,
    `| ours, shipped defaults | **${f3(second.ours)}** | ${f3(second.oursAcc)} |`,
    '',
    '## Cost (model trained on all titles)',
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    `| training on ${ex.length} titles (3 runs) | median ${median(trainTimes).toFixed(2)} s, min ${Math.min(...trainTimes).toFixed(2)} s | ≤ 10 s |`,
    `| classify throughput (5 passes, one thread) | median ${median(wall).toFixed(0)} items/s wall (best ${Math.max(...wall).toFixed(0)}); ${median(cpu).toFixed(0)} items per CPU-second | ≥ 20,000 items/s |`,
    `| model file | ${(bytes / 1e6).toFixed(2)} MB (${model.buckets.length} features × ${model.topics.length} topics) | ≤ 20 MB |`,
    '',
  );
  const out = resolve(ROOT, 'docs/bench/topics.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${md.join('\n')}\n`);
  console.log(`wrote ${out}`);
};

main();
