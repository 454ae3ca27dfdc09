export const NOTIFICATION_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unknown'] as const;
/**
 * pending → sending → sent | failed. A row found in `sending` after a crash is marked `unknown`:
 * the webhook may or may not have received it, and we never risk sending it twice.
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
