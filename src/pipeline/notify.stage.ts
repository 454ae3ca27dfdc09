import { randomUUID } from 'node:crypto';
import { isAppError } from '../domain/errors.js';
import { formatDigestMessage, formatItemMessage, type NotifiableItem } from '../notify/slack/format.js';
import type { SignalRow } from '../store/store.port.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';

export interface NotifyResult extends StageResult {
  queued: number;
  digests: number;
  unknown: number;
  reason?: string;
}

/** How many qualifying items one digest may cover. */
const DIGEST_MAX_ITEMS = 500;

const toNotifiable = (s: SignalRow): NotifiableItem => ({
  itemId: s.id,
  source: s.source,
  url: s.url,
  authorHandle: s.authorHandle,
  authorName: s.authorName,
  title: s.title,
  text: s.text,
  createdAt: s.createdAt,
  category: s.category,
  sentiment: s.sentiment,
  urgency: s.urgency,
  salience: s.salience,
  reasoning: s.reasoning,
  tags: s.tags,
  metrics: s.metrics,
});

/**
 * Queues what qualifies (salience ≥ threshold, optionally within `hours`) in the outbox — one
 * digest when more than `digestThreshold` qualify, else up to `limit` single messages — then
 * delivers pending batches. The outbox row is claimed (`sending`) before the POST and completed
 * after it, so a crash can never cause a second send: an interrupted row becomes `unknown`.
 */
export const runNotify = async (deps: PipelineDeps): Promise<NotifyResult> => {
  const t0 = performance.now();
  const result: NotifyResult = { ok: 0, skipped: 0, failed: 0, durationMs: 0, queued: 0, digests: 0, unknown: 0 };
  const notifier = deps.notifier;
  if (!notifier) {
    result.reason = 'Slack is not configured (set SLACK_WEBHOOK_URL or notify.slack.webhookUrl)';
    result.durationMs = elapsed(t0);
    return result;
  }
  const cfg = deps.notify;
  const log = deps.log.child({ component: 'notify', channel: cfg.channel });
  const now = deps.clock.now();
  result.unknown = await deps.store.outbox.recoverInterrupted(cfg.channel, now.toISOString());
  const since = cfg.hours === undefined ? undefined : new Date(now.getTime() - cfg.hours * 3_600_000).toISOString();
  const candidates = await deps.store.outbox.candidates({ channel: cfg.channel, threshold: cfg.threshold, limit: Math.max(cfg.limit, DIGEST_MAX_ITEMS), since });
  if (candidates.length > cfg.digestThreshold) {
    const batchId = randomUUID();
    result.queued = await deps.store.outbox.enqueue(candidates.map((c) => ({ itemId: c.id, batchId, kind: 'digest' as const })), cfg.channel, now.toISOString());
  } else {
    const singles = candidates.slice(0, cfg.limit).map((c) => ({ itemId: c.id, batchId: randomUUID(), kind: 'single' as const }));
    result.queued = await deps.store.outbox.enqueue(singles, cfg.channel, now.toISOString());
  }

  for (const batch of await deps.store.outbox.pendingBatches(cfg.channel, cfg.limit)) {
    if (batch.items.length === 0) continue;
    if (!(await deps.store.outbox.claim(batch.batchId, deps.clock.now().toISOString()))) continue;
    const items = batch.items.map(toNotifiable);
    const message =
      batch.kind === 'digest'
        ? formatDigestMessage(items, { total: items.length, threshold: cfg.threshold, dashboardUrl: cfg.dashboardUrl })
        : formatItemMessage(items[0] as NotifiableItem);
    try {
      await notifier.send(message, deps.signal);
      await deps.store.outbox.complete(batch.batchId, 'sent', deps.clock.now().toISOString());
      result.ok += items.length;
      if (batch.kind === 'digest') result.digests += 1;
    } catch (err) {
      const retryable = isAppError(err) && err.retryable;
      const ambiguous = isAppError(err) && err.code === 'TIMEOUT';
      const reason = isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
      const status = ambiguous ? 'unknown' : retryable ? 'pending' : 'failed';
      await deps.store.outbox.complete(batch.batchId, status, deps.clock.now().toISOString(), reason);
      if (ambiguous) result.unknown += items.length;
      else result.failed += items.length;
      log.warn({ batchId: batch.batchId, status, err: reason }, `delivery ${status === 'pending' ? 'deferred to a later run' : status === 'unknown' ? 'unknown (not re-sent)' : 'failed permanently'}`);
    }
  }
  result.durationMs = elapsed(t0);
  return result;
};
