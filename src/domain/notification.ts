export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'dead', 'folded'] as const;
/**
 * `folded`: the item belongs to a story already announced on the channel (ADR 0023, amended), so the
 * story's message stands for it; recorded so the item is never sent later, and never sent.
 *
 * pending → sending → sent | failed. A row found in `sending` after a crash is marked `unknown`:
 * the webhook may or may not have received it, and we never risk sending it twice. A retryable
 * failure goes back to `pending` with a `nextAttemptAt` (backoff across runs) until the retry limit,
 * then `dead` (dead-lettered; `POST /deliveries/{id}/redeliver` re-queues it).
 */
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export interface OutboxEntry {
  id: number;
  itemId: number;
  channel: string;
  /** Items delivered in one message share a batch id (a single item, or a digest). */
  batchId: string;
  kind: 'single' | 'digest';
  status: NotificationStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** What one delivery attempt came to (issue 19). */
export const DELIVERY_OUTCOMES = ['sent', 'retry', 'dead', 'failed', 'unknown', 'gone'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** One recorded attempt to deliver one outbox batch on one channel. */
export interface DeliveryRecord {
  id: number;
  batchId: string;
  channel: string;
  /** `story` and `discovery` messages come from their own outboxes; their batch id is the message id. */
  kind: 'single' | 'digest' | 'story' | 'discovery';
  itemCount: number;
  /** 1 for the first attempt of the batch. */
  attempt: number;
  outcome: DeliveryOutcome;
  /** The receiver's HTTP status (or SMTP reply code), when it answered. */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  /** When the outbox will try again (outcome `retry`). */
  nextRetryAt: string | null;
  createdAt: string;
}

export type NewDelivery = Omit<DeliveryRecord, 'id'>;
