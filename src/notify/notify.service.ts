import { sinceHours } from '../domain/time.js';
import { randomUUID } from 'node:crypto';
import { isAppError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { OutboxRepository, SignalRow } from '../store/store.port.js';
import type { Notifier, NotifyAlert, NotifySettings } from './notifier.port.js';
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

/** Queues what qualifies: one digest when more than `digestThreshold` do, else up to `limit` singles. */
const enqueueCandidates = async (outbox: OutboxRepository, notifier: Notifier, now: Date): Promise<number> => {
  const { channel, settings: cfg } = notifier;
  const since = sinceHours(now, cfg.hours);
  const fetched = await outbox.candidates({ channel, threshold: cfg.threshold, limit: Math.max(cfg.limit, DIGEST_MAX_ITEMS), since });
  // routing: only what the rules send to this channel (the rest stays unqueued for it)
  const candidates = notifier.accepts ? fetched.filter((c) => notifier.accepts?.(signalTarget(c)) === true) : fetched;
  if (candidates.length > cfg.digestThreshold) {
    const batchId = randomUUID();
    return outbox.enqueue(candidates.map((c) => ({ itemId: c.id, batchId, kind: 'digest' as const })), channel, now.toISOString());
  }
  const singles = candidates.slice(0, cfg.limit).map((c) => ({ itemId: c.id, batchId: randomUUID(), kind: 'single' as const }));
  return outbox.enqueue(singles, channel, now.toISOString());
};

const toAlert = (batch: PendingBatch, cfg: NotifySettings): NotifyAlert =>
  batch.kind === 'digest'
    ? { kind: 'digest', items: batch.items, total: batch.items.length, threshold: cfg.threshold, dashboardUrl: cfg.dashboardUrl }
    : { kind: 'single', item: batch.items[0] as SignalRow, threshold: cfg.threshold };

/** Claim → send → complete for one batch; a failure is recorded on the batch, never thrown. */
const deliverBatch = async (deps: OutboxDeps, notifier: Notifier, batch: PendingBatch, counts: NotifyCounts, log: Logger): Promise<void> => {
  if (batch.items.length === 0) return;
  if (!(await deps.outbox.claim(batch.batchId, deps.clock.now().toISOString()))) return;
  const n = batch.items.length;
  try {
    await notifier.send(toAlert(batch, notifier.settings), deps.signal, batch.batchId);
    await deps.outbox.complete(batch.batchId, 'sent', deps.clock.now().toISOString());
    counts.ok += n;
    if (batch.kind === 'digest') counts.digests += 1;
  } catch (err) {
    const retryable = isAppError(err) && err.retryable;
    const ambiguous = isAppError(err) && err.code === 'TIMEOUT';
    const reason = isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
    const status = ambiguous ? 'unknown' : retryable ? 'pending' : 'failed';
    await deps.outbox.complete(batch.batchId, status, deps.clock.now().toISOString(), reason);
    if (ambiguous) counts.unknown += n;
    else counts.failed += n;
    log.warn({ batchId: batch.batchId, status, err: reason }, `delivery ${status === 'pending' ? 'deferred to a later run' : status === 'unknown' ? 'unknown (not re-sent)' : 'failed permanently'}`);
  }
};

/**
 * One channel's pass over the outbox (ADR 0004): rows left `sending` by a crash become `unknown`;
 * what qualifies under the channel's settings is queued; each pending batch is claimed (`sending`)
 * before the send and completed after it, so a crash can never cause a second send.
 */
export const notifyChannel = async (deps: OutboxDeps, notifier: Notifier): Promise<NotifyCounts> => {
  const { channel, settings } = notifier;
  const log = deps.log.child({ component: 'notify', channel });
  const counts = noCounts();
  const now = deps.clock.now();
  counts.unknown = await deps.outbox.recoverInterrupted(channel, now.toISOString());
  counts.queued = await enqueueCandidates(deps.outbox, notifier, now);
  for (const batch of await deps.outbox.pendingBatches(channel, settings.limit)) {
    await deliverBatch(deps, notifier, batch, counts, log);
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
