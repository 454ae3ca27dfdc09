/*
 * Story clustering benchmark. ECB+ dev (../shared/data/stories/ecbplus-dev.jsonl, or `--data` as
 * that file or the data folder; skipped with one line when absent): B-cubed precision, recall and
 * F1 against `story` for the shipped defaults and for a plain single-pass tf-idf centroid baseline
 * (cosine ≥ 0.2), thresholds cross-validated over ECB+ topics (leave-topics-out, 5 folds: chosen on
 * four folds' topics, scored on the fifth), and the order sensitivity (5 shuffles). Then throughput:
 * 10,000 and 100,000 generated items (the demo corpus generator, 50 seeds) through the incremental
 * assigner, items/s, µs per item and peak RSS. Writes docs/bench/stories.md. Asserts nothing.
 * Run: npm run bench:stories -- --data ../shared/data/stories/ecbplus-dev.jsonl
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { generateCorpus } from '../scripts/generate-demo-corpus.js';
import { createStoryAssigner, DEFAULT_PARAMS, type AssignerParams } from '../src/stories/assigner.js';
import { clusterBatch, type BatchItem } from '../src/stories/batch.js';
import { itemFeatures, type FeatureWeights, type ItemFeatures } from '../src/stories/features.js';
import { createMemoryStoryState } from '../src/stories/memory.state.js';
import { createMemoryDocumentFrequencies } from '../src/text/tfidf.js';
import { requireBenchFile, ROOT } from './data-dir.js';
import { bcubed, type BCubed } from './stories.metrics.js';
import { plainBaseline } from './stories.baseline.js';
import { prng } from './generate.js';

const COMMAND = 'npm run bench:stories -- --data ../shared/data/stories/ecbplus-dev.jsonl';
const REL = 'stories/ecbplus-dev.jsonl';

const dataFile = (): string => requireBenchFile('bench:stories', REL);

interface Doc extends BatchItem {
  story: string;
  topic: string;
}

const loadDocs = (file: string): Doc[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { title?: string; text: string; story: string })
    .map((r) => ({ text: r.text, title: r.title ?? null, story: r.story, topic: r.story.split('-')[0] ?? r.story }));

const fmt = (b: BCubed): string => `${b.precision.toFixed(3)} | ${b.recall.toFixed(3)} | **${b.f1.toFixed(3)}**`;

// ---- the grid cross-validated over topics ---------------------------------------------------------

interface Setting {
  weights: FeatureWeights;
  similarity: number;
  nearDuplicate: number;
}

const WEIGHTS: FeatureWeights[] = [1, 2, 3].flatMap((proper) => [1, 2].flatMap((number) => [1, 2].map((title) => ({ title, proper, number, feature: 2 }))));
const SIMILARITIES = Array.from({ length: 13 }, (_, i) => Math.round((0.15 + i * 0.025) * 1000) / 1000);
const NEAR_DUPLICATES = [0.6, 0.8];

const paramsOf = (s: Setting): AssignerParams => ({ ...DEFAULT_PARAMS, ...s });

const score = (docs: readonly Doc[], idx: readonly number[], s: Setting, feats: readonly ItemFeatures[]): BCubed => {
  const pred = clusterBatch(idx.map((i) => docs[i] as Doc), paramsOf(s), idx.map((i) => feats[i] as ItemFeatures));
  return bcubed(idx.map((i) => (docs[i] as Doc).story), pred.map(String));
};

const crossValidate = (docs: readonly Doc[], folds = 5): { f1: number; perFold: { chosen: Setting; train: number; test: BCubed }[] } => {
  const topics = [...new Set(docs.map((d) => d.topic))].sort((a, b) => Number(a) - Number(b));
  const foldOf = new Map(topics.map((t, i) => [t, i % folds]));
  const featsByWeights = WEIGHTS.map((w) => docs.map((d) => itemFeatures({ key: '', ...d }, w)));
  const perFold = [];
  for (let k = 0; k < folds; k++) {
    const train = docs.map((_, i) => i).filter((i) => foldOf.get((docs[i] as Doc).topic) !== k);
    const test = docs.map((_, i) => i).filter((i) => foldOf.get((docs[i] as Doc).topic) === k);
    let best: { s: Setting; f1: number; wi: number } | undefined;
    WEIGHTS.forEach((weights, wi) => {
      for (const similarity of SIMILARITIES) for (const nearDuplicate of NEAR_DUPLICATES) {
        const s = { weights, similarity, nearDuplicate };
        const f1 = score(docs, train, s, featsByWeights[wi] as ItemFeatures[]).f1;
        if (!best || f1 > best.f1 + 1e-9) best = { s, f1, wi };
      }
    });
    if (!best) throw new Error('empty grid');
    perFold.push({ chosen: best.s, train: best.f1, test: score(docs, test, best.s, featsByWeights[best.wi] as ItemFeatures[]) });
  }
  const f1 = perFold.reduce((a, p) => a + p.test.f1 * 1, 0) / folds;
  return { f1, perFold };
};

const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
  const r = prng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

// ---- throughput -------------------------------------------------------------------------------

/** The demo corpus generator's posts for one seed, moved `seed - 1` weeks later (URLs made unique per week). */
const generatedWeek = (seed: number): BatchItem[] =>
  generateCorpus(seed).map((r) => ({ text: r.text, title: r.title ?? null, url: `${r.url}-w${seed}`, at: Date.parse(r.createdAt) + (seed - 1) * 7 * 24 * 3_600_000 }));

interface Throughput {
  perSecond: number;
  microsPerItem: number;
  /** Items per second of this process's CPU time (user + system): less sensitive to a loaded machine. */
  perCpuSecond: number;
  stories: number;
}

/** `n` generated items through one assigner, a week of posts at a time (generating is not timed). */
const throughput = (n: number): Throughput => {
  const assigner = createStoryAssigner(createMemoryStoryState(), createMemoryDocumentFrequencies());
  const stories = new Set<string>();
  let [wall, cpu, done] = [0, 0, 0];
  for (let seed = 1; done < n; seed++) {
    const week = generatedWeek(seed).slice(0, n - done);
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const it of week) stories.add(assigner.assign({ key: String(done++), ...it }).story);
    wall += Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu0);
    cpu += (used.user + used.system) / 1e6;
  }
  return { perSecond: n / wall, microsPerItem: (wall * 1e6) / n, perCpuSecond: n / cpu, stories: stories.size };
};

// ---- the demo corpus's waves (generator ground truth: the `incident` field) ----------------------

const demoWaves = (): string[] => {
  const posts = readFileSync(resolve(ROOT, 'data/demo/corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { title?: string; text: string; url: string; createdAt: string; incident?: string });
  const stories = clusterBatch(posts.map((p) => ({ text: p.text, title: p.title ?? null, url: p.url, at: Date.parse(p.createdAt) })));
  const waves = [...new Set(posts.flatMap((p) => (p.incident ? [p.incident] : [])))];
  return waves.map((w) => {
    const members = posts.flatMap((p, i) => (p.incident === w ? [i] : []));
    const counts = new Map<number, number>();
    for (const i of members) counts.set(stories[i] as number, (counts.get(stories[i] as number) ?? 0) + 1);
    const [main, inMain] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    const others = posts.filter((p, i) => stories[i] === main && p.incident !== w).length;
    return `| ${w} | ${members.length} | ${counts.size} | ${inMain} (${Math.round((100 * inMain) / members.length)} %) | ${others} |`;
  });
};

// ---- run --------------------------------------------------------------------------------------

const main = (): void => {
  const file = dataFile();
  const tp10 = throughput(10_000);
  const tp100 = throughput(100_000);
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const docs = loadDocs(file);
  const gold = docs.map((d) => d.story);
  const base = bcubed(gold, plainBaseline(docs, 0.2).map(String));
  const ours = bcubed(gold, clusterBatch(docs).map(String));
  const shuffles = [1, 2, 3, 4, 5].map((seed) => {
    const order = shuffled(docs.map((_, i) => i), seed);
    const sd = order.map((i) => docs[i] as Doc);
    return { ours: bcubed(sd.map((d) => d.story), clusterBatch(sd).map(String)).f1, base: bcubed(sd.map((d) => d.story), plainBaseline(sd, 0.2).map(String)).f1 };
  });
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const cv = crossValidate(docs);
  const demo = demoWaves();

  const lines = [
    '# Story clustering benchmark',
    '',
    `Command: \`${COMMAND}\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${docs.length} ECB+ dev documents, ${new Set(gold).size} events in ${new Set(docs.map((d) => d.topic)).size} topics).`,
    '',
    '## ECB+ dev, B-cubed',
    '',
    '| clusterer | precision | recall | F1 |',
    '|---|---|---|---|',
    `| ours, shipped defaults, file order | ${fmt(ours)} |`,
    `| plain single-pass tf-idf centroid, cosine ≥ 0.2, file order | ${fmt(base)} |`,
    '',
    `Order sensitivity (5 shuffles of the file): ours F1 mean ${mean(shuffles.map((s) => s.ours)).toFixed(3)} (min ${Math.min(...shuffles.map((s) => s.ours)).toFixed(3)}), baseline mean ${mean(shuffles.map((s) => s.base)).toFixed(3)}.`,
    '',
    `## Thresholds cross-validated over topics (5 folds, leave-topics-out): mean held-out F1 **${cv.f1.toFixed(3)}**`,
    '',
    `Grid: weights proper ∈ {1,2,3} × number ∈ {1,2} × title ∈ {1,2}; similarity ${SIMILARITIES[0]}–${SIMILARITIES[SIMILARITIES.length - 1]} step 0.025; near-duplicate Jaccard ∈ {${NEAR_DUPLICATES.join(', ')}}.`,
    '',
    '| fold | chosen on the other folds (proper, number, title, similarity, near-dup) | train F1 | held-out P | R | F1 |',
    '|---|---|---|---|---|---|',
    ...cv.perFold.map((p, k) => `| ${k + 1} | ${p.chosen.weights.proper}, ${p.chosen.weights.number}, ${p.chosen.weights.title}, ${p.chosen.similarity}, ${p.chosen.nearDuplicate} | ${p.train.toFixed(3)} | ${fmt(p.test)} |`),
    '',
    `Shipped defaults (\`src/stories/assigner.ts\`): proper ${DEFAULT_PARAMS.weights.proper}, number ${DEFAULT_PARAMS.weights.number}, title ${DEFAULT_PARAMS.weights.title}, similarity ${DEFAULT_PARAMS.similarity}, near-duplicate ${DEFAULT_PARAMS.nearDuplicate}.`,
    '',
    '## Throughput (incremental assigner, in process, features computed per item)',
    '',
    '| items | items/s (wall) | µs per item (wall) | items per CPU-second | stories |',
    '|---|---|---|---|---|',
    ...([['10,000', tp10], ['100,000', tp100]] as const).map(([n, t]) => `| ${n} | ${Math.round(t.perSecond).toLocaleString('en-US')} | ${t.microsPerItem.toFixed(1)} | ${Math.round(t.perCpuSecond).toLocaleString('en-US')} | ${t.stories.toLocaleString('en-US')} |`),
    '',
    `Peak RSS of the bench process after both runs (measured before the ECB+ part): ${Math.round(rssMb)} MB (targets: ≥ 20,000 items/s, ≤ 350 MB). Items: the demo corpus generator (\`scripts/generate-demo-corpus.ts\`) with seeds 1…50, each seed a week later.`,
    `Load average at the end of the run: ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (2 cores).`,
    '',
    '## Demo corpus waves (`data/demo/corpus.jsonl`, expected groups from the generator\'s `incident` field)',
    '',
    '| wave | posts | stories they fall into | in the largest | other posts in that story |',
    '|---|---|---|---|---|',
    ...demo,
    '',
  ];
  const out = lines.join('\n');
  console.log(out);
  const target = resolve(ROOT, 'docs/bench/stories.md');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, out);
};

main();
