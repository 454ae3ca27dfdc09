/*
 * The topics stage (issue 16, ADR 0024): keeps the active topic model current (retrained when the
 * taxonomy, the examples file or the stored corrections changed since it was trained) and assigns
 * topics to items that have none. Training happens in memory and the model is replaced in one
 * statement, so a kill during training leaves the previous model; items are assigned in batches,
 * each batch one write, so a kill loses at most the batch in flight (assigned on the next run).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { TopicsConfig } from '../config/topics.config.js';
import { inputError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../store/store.port.js';
import type { DiscoveryWrite, TopicCandidate } from '../store/topics.port.js';
import { addToCentroid, centroidSimilarity, discoveryParts, discoveryScore, isResearchItem, type Centroid } from '../topics/discovery.js';
import { classifyTopicRow, DEFAULT_TOPIC_PARAMS, loadTopicModel, parseTopicModel, serializeTopicModel, topicRow, trainTopicModel, type LoadedTopicModel, type TopicExample } from '../topics/model.js';
import { taxonomyExamples } from '../topics/taxonomy.js';
import type { StageResult } from './deps.js';
import { refreshDiscoveryEcho } from './discovery-echo.js';

/** Stored examples read for training at most. */
const MAX_STORED_EXAMPLES = 200_000;
/** Topics listed per item. */
const KEEP_TOPICS = 5;

export interface TopicsDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  topics: TopicsConfig;
  /**
   * How many sources each item's story spans (the cross-source echo). Absent: read from the store's
   * stories (ADR 0023); an item not yet in a story counts as unknown (echo 0) until it is rescored.
   */
  storySources?: (itemIds: readonly number[]) => Promise<Map<number, number>>;
}

const readExamplesFile = async (file: string): Promise<{ text: string; examples: TopicExample[] }> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw inputError(`cannot read topics.examplesFile ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const examples: TopicExample[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let v: { text?: unknown; label?: unknown };
    try {
      v = JSON.parse(line) as typeof v;
    } catch {
      throw inputError(`topics.examplesFile ${file}:${i + 1}: not valid JSON`);
    }
    if (typeof v.text !== 'string' || v.text.trim() === '' || typeof v.label !== 'string' || v.label.trim() === '') throw inputError(`topics.examplesFile ${file}:${i + 1}: needs a non-empty "text" and "label"`);
    examples.push({ text: v.text, label: v.label.trim() });
  });
  return { text, examples };
};

/** The active model, retrained first when what it learns from changed. */
export const ensureTopicModel = async (deps: TopicsDeps): Promise<{ model: LoadedTopicModel; trained: boolean }> => {
  const cfg = deps.topics;
  const file = cfg.examplesFile ? await readExamplesFile(cfg.examplesFile) : undefined;
  const version = await deps.store.topics.examplesVersion();
  const fingerprint = createHash('sha256')
    .update(JSON.stringify({ taxonomy: cfg.taxonomy, file: file?.text ?? null, stored: version, params: DEFAULT_TOPIC_PARAMS }))
    .digest('hex');
  const active = await deps.store.topics.activeModel();
  if (active) {
    const model = parseTopicModel(active.model, 'the stored topic model');
    if (model.fingerprint === fingerprint) return { model: loadTopicModel(model), trained: false };
  }
  const examples = [...taxonomyExamples(cfg.taxonomy), ...(file?.examples ?? []), ...(await deps.store.topics.examples(MAX_STORED_EXAMPLES))];
  deps.log.info({ component: 'topics', examples: examples.length }, 'training topic model');
  const started = performance.now();
  const model = { ...trainTopicModel(examples, DEFAULT_TOPIC_PARAMS, deps.clock.now()), fingerprint };
  await deps.store.topics.saveModel(serializeTopicModel(model), model.examples, model.trainedAt);
  deps.log.info({ component: 'topics', topics: model.topics.length, examples: model.examples, ms: Math.round(performance.now() - started) }, 'topic model trained');
  return { model: loadTopicModel(model), trained: true };
};

const parseCentroid = (vector: string, n: number, trainedAt: string): Centroid | undefined => {
  try {
    const v = JSON.parse(vector) as { trainedAt?: string; w?: Array<[number, number]> };
    if (v.trainedAt !== trainedAt || !Array.isArray(v.w)) return undefined;
    return { trainedAt, n, w: new Map(v.w) };
  } catch {
    return undefined;
  }
};

/** The topics' centroids under the active model (another model's are started over). */
const loadCentroids = async (deps: TopicsDeps, trainedAt: string): Promise<Map<string, Centroid>> => {
  const out = new Map<string, Centroid>();
  for (const c of await deps.store.topics.centroids()) {
    const parsed = parseCentroid(c.vector, c.n, trainedAt);
    if (parsed) out.set(c.topic, parsed);
  }
  return out;
};

/** Per topic: items in the discovery window and in the baseline before it. */
const topicVolumes = async (deps: TopicsDeps): Promise<Map<string, { count: number; baseline: number }>> => {
  const d = deps.topics.discovery;
  const now = deps.clock.now().getTime();
  const windowStart = new Date(now - d.windowHours * 3_600_000).toISOString();
  const baselineStart = new Date(now - d.windowHours * 3_600_000 - d.baselineDays * 86_400_000).toISOString();
  const rows = await deps.store.topics.trending(baselineStart, windowStart, new Date(now + 1).toISOString());
  return new Map(rows.map((r) => [r.topic, { count: r.count, baseline: r.baseline }]));
};

/** Counts an item just assigned into its topic's window or baseline volume. */
const countVolume = (deps: TopicsDeps, volumes: Map<string, { count: number; baseline: number }>, top: string, createdAt: string, now: Date): void => {
  const d = deps.topics.discovery;
  const age = now.getTime() - Date.parse(createdAt);
  const v = volumes.get(top) ?? { count: 0, baseline: 0 };
  if (age >= 0 && age < d.windowHours * 3_600_000) v.count++;
  else if (age >= 0 && age < d.windowHours * 3_600_000 + d.baselineDays * 86_400_000) v.baseline++;
  volumes.set(top, v);
};

/** Assigns topics to items without them (at most `topics.batchSize` per run), and scores research items as discoveries. */
export const runTopics = async (deps: TopicsDeps): Promise<StageResult & { trained: boolean; discoveries: number; rescored: number }> => {
  const t0 = performance.now();
  if (!deps.topics.enabled) return { ok: 0, skipped: 0, failed: 0, durationMs: 0, trained: false, discoveries: 0, rescored: 0 };
  const { model, trained } = await ensureTopicModel(deps);
  const centroids = await loadCentroids(deps, model.model.trainedAt);
  const volumes = await topicVolumes(deps);
  let ok = 0;
  let found = 0;
  let afterId = 0;
  const page = Math.min(500, deps.topics.batchSize);
  while (ok < deps.topics.batchSize) {
    const items = await deps.store.topics.unassigned(afterId, page);
    if (items.length === 0) break;
    const now = deps.clock.now();
    const echo = await (deps.storySources ?? deps.store.topics.storySources)(items.map((i) => i.id));
    const touched = new Set<string>();
    const discoveries: DiscoveryWrite[] = [];
    const classified = items.map((it) => {
      const row = topicRow(model, it.title ? `${it.title}. ${it.text}` : it.text);
      const topics = classifyTopicRow(model, row, KEEP_TOPICS);
      const best = topics[0];
      const top = best && best.score >= deps.topics.minScore ? best.name : null;
      if (top !== null) countVolume(deps, volumes, top, it.createdAt, now);
      // Abstain (ADR 0024 amended): under topics.minScore the item gets no research topic at all.
      return { it, row, topics: top === null ? [] : topics, top, topScore: best?.score ?? 0 };
    });
    const rows = classified.map(({ it, row, topics, top, topScore }) => {
      if (top !== null && isResearchItem(it.source, it.url, it.text)) {
        discoveries.push(scoreDiscovery(deps, it, top, row, centroids, volumes, echo.get(it.id) ?? null, now, model.model.trainedAt));
        touched.add(top);
        found++;
      }
      return { itemId: it.id, topics, top, topScore, origin: 'model' as const, createdAt: it.createdAt };
    });
    const centroidRows = [...touched].map((t) => {
      const c = centroids.get(t) as Centroid;
      return { topic: t, n: c.n, vector: JSON.stringify({ trainedAt: c.trainedAt, w: [...c.w].map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]) }) };
    });
    await deps.store.topics.saveItemTopics(rows, now.toISOString(), { discoveries, centroids: centroidRows });
    ok += rows.length;
    afterId = items[items.length - 1]?.id ?? afterId;
  }
  const rescored = await refreshDiscoveryEcho(deps.store.topics, deps.topics, deps.clock.now());
  return { ok, skipped: 0, failed: 0, durationMs: Math.round(performance.now() - t0), trained, discoveries: found, rescored };
};

const scoreDiscovery = (
  deps: TopicsDeps,
  it: TopicCandidate,
  top: string,
  row: ReturnType<typeof topicRow>,
  centroids: Map<string, Centroid>,
  volumes: Map<string, { count: number; baseline: number }>,
  storySources: number | null,
  now: Date,
  trainedAt: string,
): DiscoveryWrite => {
  const d = deps.topics.discovery;
  let c = centroids.get(top);
  const similarity = centroidSimilarity(c, row);
  if (!c) centroids.set(top, (c = { trainedAt, n: 0, w: new Map() }));
  addToCentroid(c, row);
  const v = volumes.get(top) ?? { count: 0, baseline: 0 };
  const parts = discoveryParts({
    similarity,
    windowCount: v.count,
    baselineCount: v.baseline,
    baselineRatio: (d.baselineDays * 24) / d.windowHours,
    storySources,
    authorFollowers: it.authorFollowers,
    ageHours: (now.getTime() - Date.parse(it.createdAt)) / 3_600_000,
    halfLifeHours: d.halfLifeHours,
  });
  return { itemId: it.id, topic: top, score: discoveryScore(parts, d.weights), breakdown: { ...parts }, createdAt: it.createdAt };
};
