import { sinceHours } from '../domain/time.js';
import { randomUUID } from 'node:crypto';
import { isAppError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { OutboxRepository, SignalRow } from '../store/store.port.js';
import type { DeliveryOutcome } from '../domain/notification.js';
import type { Metrics } from '../observability/metrics.port.js';
import type { DeliveryReceipt, Notifier, NotifyAlert, NotifySettings } from './notifier.port.js';
import { signalTarget } from './routing.js';

/** What one channel's notify pass did (the notify stage sums them over channels). */
export interface NotifyCounts {
  /** Items delivered. */
  ok: number;
  /** Items whose delivery failed (permanently, or deferred to a later run). */
  failed: number;
  /** Items newly queued in the outbox. */
  queued: number;
  digests: number;
  /** Items whose delivery is unknown (interrupted, or timed out): never re-sent automatically. */
  unknown: number;
}

export interface OutboxDeps {
  outbox: OutboxRepository;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
  /** Delivery counters per channel and outcome. */
  metrics?: Metrics;
}

type PendingBatch = Awaited<ReturnType<OutboxRepository['pendingBatches']>>[number];

/** How many qualifying items one digest may cover. */
const DIGEST_MAX_ITEMS = 500;

export const noCounts = (): NotifyCounts => ({ ok: 0, failed: 0, queued: 0, digests: 0, unknown: 0 });

export const addCounts = (a: NotifyCounts, b: NotifyCounts): NotifyCounts => ({
  ok: a.ok + b.ok,
  failed: a.failed + b.failed,
  queued: a.queued + b.queued,
  digests: a.digests + b.digests,
  unknown: a.unknown + b.unknown,
});

/**
 * Queues what qualifies: one digest when more than `digestThreshold` do, else up to `limit` singles.
 * An item whose story was already announced on this channel is recorded `folded` instead (ADR 0023,
 * amended): the story's message stands for it, and it is never sent.
 */
const enqueueCandidates = async (outbox: OutboxRepository, notifier: Notifier, now: Date): Promise<number> => {
  const { channel, settings: cfg } = notifier;
  const since = sinceHours(now, cfg.hours);
  const fetched = await outbox.candidates({ channel, threshold: cfg.threshold, limit: Math.max(cfg.limit, DIGEST_MAX_ITEMS), since });
  // routing: only what the rules send to this channel (the rest stays unqueued for it)
  const routed = notifier.accepts ? fetched.filter((c) => notifier.accepts?.(signalTarget(c)) === true) : fetched;
  const folded = await outbox.foldableItems(channel, routed.map((c) => c.id));
  const foldedRows = [...folded].map(([itemId, storyId]) => ({ itemId, batchId: `story_${storyId}_new`, kind: 'single' as const, status: 'folded' as const }));
  const at = now.toISOString();
  if (foldedRows.length > 0) await outbox.enqueue(foldedRows, channel, at);
  const candidates = routed.filter((c) => !folded.has(c.id));
  if (candidates.length > cfg.digestThreshold) {
    const batchId = randomUUID();
    return outbox.enqueue(candidates.map((c) => ({ itemId: c.id, batchId, kind: 'digest' as const })), channel, at);
  }
  const singles = candidates.slice(0, cfg.limit).map((c) => ({ itemId: c.id, batchId: randomUUID(), kind: 'single' as const }));
  return outbox.enqueue(singles, channel, at);
};

const toAlert = (batch: PendingBatch, cfg: NotifySettings): NotifyAlert =>
  batch.kind === 'digest'
    ? { kind: 'digest', items: batch.items, total: batch.items.length, threshold: cfg.threshold, dashboardUrl: cfg.dashboardUrl }
    : { kind: 'single', item: batch.items[0] as SignalRow, threshold: cfg.threshold, dashboardUrl: cfg.dashboardUrl };

/** Retries across runs: exponential backoff from `baseSeconds`, capped, then dead-lettered. */
export interface RetryPolicy {
  /** Delivery attempts per batch (every run's attempt counts once) before it is dead-lettered. */
  maxAttempts: number;
  baseSeconds: number;
  maxSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseSeconds: 60, maxSeconds: 6 * 3600 };

/** Seconds a batch waits after its `attempt`-th failed attempt (1 → base, 2 → 2 × base, …). */
export const retryDelaySeconds = (attempt: number, p: RetryPolicy): number => Math.min(p.maxSeconds, p.baseSeconds * 2 ** Math.max(0, attempt - 1));

const errorText = (err: unknown): string => (isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message);

/**
 * Claim → send → complete for one batch, each attempt recorded in the delivery log; a failure is
 * recorded on the batch, never thrown. Returns false when the receiver answered 410 (the channel is
 * now disabled and this pass stops).
 */
const deliverBatch = async (deps: OutboxDeps, notifier: Notifier, batch: PendingBatch, counts: NotifyCounts, log: Logger): Promise<boolean> => {
  if (batch.items.length === 0) return true;
  if (!(await deps.outbox.claim(batch.batchId, deps.clock.now().toISOString()))) return true;
  const n = batch.items.length;
  const attempt = batch.attempts + 1;
  const policy = notifier.settings.retry ?? DEFAULT_RETRY;
  const t0 = performance.now();
  const record = async (outcome: DeliveryOutcome, statusCode: number | undefined, error: string | null, nextRetryAt: string | null): Promise<void> => {
    deps.metrics?.delivery?.(notifier.channel, outcome);
    await deps.outbox.recordDelivery({
      batchId: batch.batchId,
      channel: notifier.channel,
      kind: batch.kind,
      itemCount: n,
      attempt,
      outcome,
      statusCode: statusCode ?? null,
      latencyMs: performance.now() - t0,
      error,
      nextRetryAt,
      createdAt: deps.clock.now().toISOString(),
    });
  };
  let receipt: DeliveryReceipt | void;
  try {
    receipt = await notifier.send(toAlert(batch, notifier.settings), deps.signal, batch.batchId);
  } catch (err) {
    const now = deps.clock.now();
    const reason = errorText(err);
    const upstream = isAppError(err) ? err.upstreamStatus : undefined;
    if (isAppError(err) && err.code === 'GONE') {
      // Not delivered: the batch waits (pending) for the channel to be re-enabled.
      await deps.outbox.complete(batch.batchId, 'pending', now.toISOString(), reason);
      await deps.outbox.disableChannel(notifier.channel, reason, now.toISOString());
      await record('gone', upstream ?? 410, reason, null);
      counts.failed += n;
      log.error({ batchId: batch.batchId }, `channel ${notifier.channel} disabled: the receiver answered 410 Gone; nothing more is sent to it until \`harvest notify --enable-channel ${notifier.channel}\``);
      return false;
    }
    const ambiguous = isAppError(err) && err.code === 'TIMEOUT';
    const retryable = isAppError(err) && err.retryable;
    if (ambiguous) {
      await deps.outbox.complete(batch.batchId, 'unknown', now.toISOString(), reason);
      await record('unknown', upstream, reason, null);
      counts.unknown += n;
      log.warn({ batchId: batch.batchId, err: reason }, 'delivery unknown (not re-sent)');
    } else if (retryable && attempt < policy.maxAttempts) {
      const next = new Date(now.getTime() + Math.max(retryDelaySeconds(attempt, policy), err.retryAfterSeconds ?? 0) * 1000).toISOString();
      await deps.outbox.complete(batch.batchId, 'pending', now.toISOString(), reason, next);
      await record('retry', upstream, reason, next);
      counts.failed += n;
      log.warn({ batchId: batch.batchId, attempt, nextAttemptAt: next, err: reason }, 'delivery deferred to a later run');
    } else if (retryable) {
      await deps.outbox.complete(batch.batchId, 'dead', now.toISOString(), `${reason} (dead-lettered after ${attempt} attempts)`);
      await record('dead', upstream, reason, null);
      counts.failed += n;
      log.error({ batchId: batch.batchId, attempt, err: reason }, `delivery dead-lettered after ${attempt} attempts (POST /deliveries/{id}/redeliver to retry)`);
    } else {
      await deps.outbox.complete(batch.batchId, 'failed', now.toISOString(), reason);
      await record('failed', upstream, reason, null);
      counts.failed += n;
      log.warn({ batchId: batch.batchId, err: reason }, 'delivery failed permanently');
    }
    return true;
  }
  await deps.outbox.complete(batch.batchId, 'sent', deps.clock.now().toISOString());
  await record('sent', receipt?.statusCode, null, null);
  counts.ok += n;
  if (batch.kind === 'digest') counts.digests += 1;
  return true;
};

/**
 * One channel's pass over the outbox (ADR 0004, 0027): rows left `sending` by a crash become
 * `unknown`; what qualifies under the channel's settings (and routes) is queued; each pending batch
 * whose backoff has passed is claimed (`sending`) before the send and completed after it, so a crash
 * can never cause a second send. A channel a 410 disabled is skipped.
 */
export const notifyChannel = async (deps: OutboxDeps, notifier: Notifier): Promise<NotifyCounts> => {
  const { channel, settings } = notifier;
  const log = deps.log.child({ component: 'notify', channel });
  const counts = noCounts();
  const now = deps.clock.now();
  counts.unknown = await deps.outbox.recoverInterrupted(channel, now.toISOString());
  const disabled = (await deps.outbox.disabledChannels()).find((d) => d.channel === channel);
  if (disabled) {
    log.warn({ disabledAt: disabled.disabledAt }, `channel ${channel} is disabled (${disabled.reason}); skipped until \`harvest notify --enable-channel ${channel}\``);
    return counts;
  }
  counts.queued = await enqueueCandidates(deps.outbox, notifier, now);
  for (const batch of await deps.outbox.pendingBatches(channel, settings.limit, now.toISOString())) {
    if (!(await deliverBatch(deps, notifier, batch, counts, log))) break;
  }
  return counts;
};

/** `--resend-unknown`: puts every channel's `unknown` rows back to `pending` (may duplicate). */
export const requeueUnknown = async (outbox: OutboxRepository, notifiers: readonly Notifier[], now: string): Promise<number> => {
  let n = 0;
  for (const notifier of notifiers) n += await outbox.requeueUnknown(notifier.channel, now);
  return n;
};

/** One run's overrides of every channel's settings (CLI `notify --threshold/--limit/--hours`, `POST /refresh?notify_*`). */
export interface NotifyOverrides {
  threshold?: number;
  limit?: number;
  hours?: number;
}

export const applyNotifyOverrides = (settings: NotifySettings, o: NotifyOverrides): NotifySettings => ({
  ...settings,
  threshold: o.threshold ?? settings.threshold,
  limit: o.limit ?? settings.limit,
  hours: o.hours ?? settings.hours,
});

/** The same notifiers with `overrides` applied to each one's settings. */
export const withNotifyOverrides = (notifiers: readonly Notifier[], overrides: NotifyOverrides): Notifier[] =>
  notifiers.map((n) => ({
    channel: n.channel,
    settings: applyNotifyOverrides(n.settings, overrides),
    send: (alert, signal, messageId) => n.send(alert, signal, messageId),
    ...(n.accepts ? { accepts: n.accepts.bind(n) } : {}),
  }));
