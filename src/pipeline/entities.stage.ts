/*
 * The entities stage (issue 16, ADR 0031), after topics: every item not yet scanned (or changed
 * since) gets its entities extracted; each batch — entities, the items' links, the scan marks, the
 * merges the evidence supports and the discoveries rescored with their authors' prominence — is one
 * transaction, so a kill loses at most the batch in flight, which the next run scans again.
 */
import type { TopicsConfig } from '../config/topics.config.js';
import type { EntitiesConfig } from '../entities/entities.config.js';
import { extractEntities } from '../entities/extract.js';
import { mergeEvidence } from '../entities/merge-policy.js';
import { rescoreWithProminence } from '../entities/prominence.js';
import { buildGazetteer } from '../entities/text-entities.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { EntityBatchPolicy } from '../store/entities.port.js';
import type { Store } from '../store/store.port.js';
import type { StageResult } from './deps.js';

export interface EntitiesDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  entities: EntitiesConfig;
  /** The discovery weights rescoring reads; absent → discoveries are left as they are. */
  topics?: TopicsConfig;
}

const PAGE = 200;

export interface EntitiesStageResult extends StageResult {
  linked: number;
  merges: number;
  rescored: number;
}

/** Scans up to `entities.batchSize` items; one batch per transaction. */
export const runEntities = async (deps: EntitiesDeps): Promise<EntitiesStageResult> => {
  const t0 = performance.now();
  const result: EntitiesStageResult = { ok: 0, skipped: 0, failed: 0, durationMs: 0, linked: 0, merges: 0, rescored: 0 };
  if (!deps.entities.enabled) return result;
  const gaz = buildGazetteer(deps.entities.gazetteer);
  const weights = deps.topics?.enabled ? deps.topics.discovery.weights : undefined;
  const policy: EntityBatchPolicy = {
    mergeEvidence,
    ...(weights && { rescoreDiscovery: (b: Record<string, number>, prior: number, followers: number | null) => rescoreWithProminence(b, prior, followers, weights) }),
  };
  let afterId = 0;
  while (result.ok < deps.entities.batchSize) {
    const items = await deps.store.entities.pending(afterId, Math.min(PAGE, deps.entities.batchSize - result.ok));
    if (items.length === 0) break;
    const rows = items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, createdAt: it.createdAt, authorFollowers: it.authorFollowers, mentions: extractEntities(it, gaz) }));
    const r = await deps.store.entities.saveBatch(rows, deps.clock.now().toISOString(), policy);
    result.ok += rows.length;
    result.linked += r.linked;
    result.merges += r.merges;
    result.rescored += r.rescored;
    afterId = items[items.length - 1]?.id ?? afterId;
  }
  if (result.merges > 0) deps.log.info({ component: 'entities', merges: result.merges }, 'entities merged');
  return { ...result, durationMs: Math.round(performance.now() - t0) };
};
