import { isAppError } from '../domain/errors.js';
import type { DeliveryOutcome, DeliveryRecord } from '../domain/notification.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.port.js';
import type { Clock } from '../platform/clock.js';
import type { OutboxRepository } from '../store/store.port.js';
import type { DeliveryReceipt, Notifier, NotifyAlert } from './notifier.port.js';

/** What the per-subject outboxes (stories, discoveries) need to deliver one message. */
export interface AlertDeliveryDeps {
  /** The delivery log and the channel state (410 disables a channel for every kind of alert). */
  outbox: Pick<OutboxRepository, 'recordDelivery' | 'disableChannel' | 'disabledChannels'>;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
  metrics?: Metrics;
}

/** Where a claimed row goes after its send: `gone` leaves it pending and disables the channel. */
export type AlertSendStatus = 'sent' | 'pending' | 'failed' | 'unknown' | 'gone';

export interface AlertSendResult {
  status: AlertSendStatus;
  error?: string;
}

const outcomeOf: Record<AlertSendStatus, DeliveryOutcome> = { sent: 'sent', pending: 'retry', failed: 'failed', unknown: 'unknown', gone: 'gone' };

const errorText = (err: unknown): string => (isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message);

/** A failed send as the outbox reads it (ADR 0004/0027): timeout → unknown, 410 → gone, retryable → pending. */
const statusOfError = (err: unknown): AlertSendStatus => {
  if (!isAppError(err)) return 'failed';
  if (err.code === 'GONE') return 'gone';
  if (err.code === 'TIMEOUT') return 'unknown';
  return err.retryable ? 'pending' : 'failed';
};

/**
 * Sends one already-claimed message (a story or a discovery alert) with `messageId` (stable across
 * retries), lets the caller `complete` its outbox row, then records the attempt in the delivery log
 * and the delivery counter (as item messages do, after the row), and on 410 disables the channel
 * with the same log line as item messages. Never throws for a failed send.
 */
export const sendClaimed = async (
  deps: AlertDeliveryDeps,
  notifier: Notifier,
  alert: NotifyAlert,
  messageId: string,
  meta: { kind: DeliveryRecord['kind']; attempt: number },
  complete: (r: AlertSendResult) => Promise<void>,
): Promise<AlertSendResult> => {
  const t0 = performance.now();
  let result: AlertSendResult;
  let statusCode: number | undefined;
  try {
    const receipt: DeliveryReceipt | void = await notifier.send(alert, deps.signal, messageId);
    result = { status: 'sent' };
    statusCode = receipt?.statusCode;
  } catch (err) {
    result = { status: statusOfError(err), error: errorText(err) };
    statusCode = isAppError(err) ? err.upstreamStatus : undefined;
  }
  const now = deps.clock.now().toISOString();
  await complete(result);
  if (result.status === 'gone') {
    await deps.outbox.disableChannel(notifier.channel, result.error ?? '410 Gone', now);
    deps.log.error({ messageId }, `channel ${notifier.channel} disabled: the receiver answered 410 Gone; nothing more is sent to it until \`harvest notify --enable-channel ${notifier.channel}\``);
  }
  deps.metrics?.delivery?.(notifier.channel, outcomeOf[result.status]);
  await deps.outbox.recordDelivery({
    batchId: messageId,
    channel: notifier.channel,
    kind: meta.kind,
    itemCount: 1,
    attempt: meta.attempt,
    outcome: outcomeOf[result.status],
    statusCode: statusCode ?? null,
    latencyMs: performance.now() - t0,
    error: result.error ?? null,
    nextRetryAt: null,
    createdAt: now,
  });
  return result;
};

/** Whether a 410 disabled this channel (then no alert of any kind is sent to it). */
export const channelDisabled = async (deps: AlertDeliveryDeps, channel: string): Promise<boolean> =>
  (await deps.outbox.disabledChannels()).some((d) => d.channel === channel);
