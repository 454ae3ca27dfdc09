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
import { classifyTopics, DEFAULT_TOPIC_PARAMS, loadTopicModel, parseTopicModel, serializeTopicModel, trainTopicModel, type LoadedTopicModel, type TopicExample } from '../topics/model.js';
import { taxonomyExamples } from '../topics/taxonomy.js';
import type { StageResult } from './deps.js';

/** Stored examples read for training at most. */
const MAX_STORED_EXAMPLES = 200_000;
/** Topics listed per item. */
const KEEP_TOPICS = 5;

export interface TopicsDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  topics: TopicsConfig;
  /** Where `topics.examplesFile` is resolved from. */
  cwd?: string;
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
  const started = performance.now();
  const model = { ...trainTopicModel(examples, DEFAULT_TOPIC_PARAMS, deps.clock.now()), fingerprint };
  await deps.store.topics.saveModel(serializeTopicModel(model), model.examples, model.trainedAt);
  deps.log.info({ component: 'topics', topics: model.topics.length, examples: model.examples, ms: Math.round(performance.now() - started) }, 'topic model trained');
  return { model: loadTopicModel(model), trained: true };
};

/** Assigns topics to items without them (at most `topics.batchSize` per run). */
export const runTopics = async (deps: TopicsDeps): Promise<StageResult & { trained: boolean }> => {
  const t0 = performance.now();
  if (!deps.topics.enabled) return { ok: 0, skipped: 0, failed: 0, durationMs: 0, trained: false };
  const { model, trained } = await ensureTopicModel(deps);
  let ok = 0;
  let afterId = 0;
  const page = Math.min(500, deps.topics.batchSize);
  while (ok < deps.topics.batchSize) {
    const items = await deps.store.topics.unassigned(afterId, page);
    if (items.length === 0) break;
    const now = deps.clock.now().toISOString();
    const rows = items.map((it) => {
      const topics = classifyTopics(model, it.title ? `${it.title}. ${it.text}` : it.text, KEEP_TOPICS);
      const best = topics[0];
      const top = best && best.score >= deps.topics.minScore ? best.name : null;
      return { itemId: it.id, topics, top, topScore: best?.score ?? 0, origin: 'model' as const, createdAt: it.createdAt };
    });
    await deps.store.topics.saveItemTopics(rows, now);
    ok += rows.length;
    afterId = items[items.length - 1]?.id ?? afterId;
  }
  return { ok, skipped: 0, failed: 0, durationMs: Math.round(performance.now() - t0), trained };
};
