/*
 * The learned relevance model's step of the score stage (issue 18, ADR 0030): before scoring, the
 * model is retrained when the labels (or its settings) changed since it was trained — in memory,
 * then saved in one statement, so a failed or killed training keeps the previous model. With fewer
 * than `feedback.minLabels` labels, or none relevant, the stored model is null: out of the ranking.
 * A model that changed makes every item due for re-scoring (so the order changes after this run).
 */
import { createHash } from 'node:crypto';
import type { FeedbackConfig } from '../feedback/feedback.config.js';
import { DEFAULT_RANK_PARAMS } from '../feedback/rank.js';
import { loadRelevanceModel, parseRelevanceModel, trainRelevanceModel, type RelevanceScorer } from '../feedback/relevance-model.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../store/store.port.js';
import type { StoredRelevance } from '../store/relevance.port.js';

/** Sorts after every ISO timestamp: every stored score is older. */
export const EVERY_SCORE = '\uffff';

export interface RelevanceDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  feedback: FeedbackConfig;
}

export interface RelevanceState {
  /** The model to blend in; absent when out of the ranking. */
  scorer?: RelevanceScorer;
  weight: number;
  /** Items scored before this are due for re-scoring. */
  scoredBefore: string;
  /** trained | kept | off | failed */
  outcome: 'trained' | 'kept' | 'off' | 'failed';
}

const fingerprintOf = (labels: ReadonlyArray<{ itemId: number; label: string }>, cfg: FeedbackConfig): string =>
  createHash('sha256')
    .update(JSON.stringify({ v: 1, minLabels: cfg.minLabels, background: cfg.backgroundSize, params: DEFAULT_RANK_PARAMS, labels: labels.map((l) => [l.itemId, l.label === 'relevant' ? 1 : 0]) }))
    .digest('hex');

const scorerOf = (stored: StoredRelevance | undefined, log: Logger): RelevanceScorer | undefined => {
  if (!stored?.model) return undefined;
  try {
    return loadRelevanceModel(parseRelevanceModel(stored.model));
  } catch (err) {
    log.error({ err: (err as Error).message }, 'the stored relevance model cannot be read; scoring without it');
    return undefined;
  }
};

/** Trains on the current labels; null when there are too few labels or none relevant. */
const train = async (deps: RelevanceDeps, labels: ReadonlyArray<{ itemId: number; label: 'relevant' | 'irrelevant' }>): Promise<string | null> => {
  if (labels.length < deps.feedback.minLabels || !labels.some((l) => l.label === 'relevant')) return null;
  const docs = new Map((await deps.store.relevance.docs(labels.map((l) => l.itemId))).map((d) => [d.itemId, d]));
  const labelled = labels.flatMap((l) => {
    const doc = docs.get(l.itemId);
    return doc ? [{ doc, relevant: l.label === 'relevant' }] : [];
  });
  if (!labelled.some((l) => l.relevant)) return null;
  const background = await deps.store.relevance.background(deps.feedback.backgroundSize);
  return JSON.stringify(trainRelevanceModel(labelled, background));
};

/** The model for this scoring pass, retrained first when the labels changed. */
export const ensureRelevance = async (deps: RelevanceDeps): Promise<RelevanceState> => {
  const weight = deps.feedback.weight;
  const active = await deps.store.relevance.active();
  try {
    const labels = await deps.store.labels.current();
    const fingerprint = fingerprintOf(labels, deps.feedback);
    if (active?.fingerprint === fingerprint) {
      const scorer = weight > 0 ? scorerOf(active, deps.log) : undefined;
      return { ...(scorer && { scorer }), weight, scoredBefore: active.trainedAt, outcome: scorer ? 'kept' : 'off' };
    }
    const t0 = performance.now();
    const model = await train(deps, labels);
    const stored = { model, fingerprint, trainedAt: deps.clock.now().toISOString() };
    await deps.store.relevance.save(stored);
    deps.log.info({ labels: labels.length, inRanking: model !== null, ms: Math.round(performance.now() - t0) }, 'relevance model retrained');
    const scorer = weight > 0 ? scorerOf(stored, deps.log) : undefined;
    return { ...(scorer && { scorer }), weight, scoredBefore: EVERY_SCORE, outcome: model === null ? 'off' : 'trained' };
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'relevance model training failed; the previous model stays');
    const scorer = weight > 0 ? scorerOf(active, deps.log) : undefined;
    return { ...(scorer && { scorer }), weight, scoredBefore: active?.trainedAt ?? '', outcome: 'failed' };
  }
};
