/** A discovery as its alert carries it: the item, its topic, the score and the breakdown. */
export interface DiscoveryAlertPayload {
  itemId: number;
  source: string;
  title: string;
  url: string | null;
  topic: string | null;
  /** 0–100, as of the alert. */
  score: number;
  breakdown: { novelty: number; emergence: number; echo: number; obscurity: number; recency: number };
  createdAt: string;
}

export interface DiscoveryNotificationRow {
  itemId: number;
  channel: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown';
  attempts: number;
  discovery: DiscoveryAlertPayload;
  lastError: string | null;
}

/**
 * The discovery-alert outbox (ADR 0027 amended, with ADR 0004's claim protocol): one row per
 * (item, channel), so a discovery is alerted at most once on each channel.
 */
export interface DiscoveryOutboxRepository {
  /** Rows left `sending` by a crashed run become `unknown`: never re-sent automatically. */
  recoverInterrupted(channel: string, now: string): Promise<number>;
  /** Of `itemIds`, those with a row for the channel already. */
  known(channel: string, itemIds: readonly number[]): Promise<Set<number>>;
  /** Inserts rows, ignoring (item, channel) already present; returns how many were new. */
  enqueue(rows: readonly DiscoveryAlertPayload[], channel: string, now: string): Promise<number>;
  pending(channel: string, limit: number): Promise<DiscoveryNotificationRow[]>;
  /** Marks a row `sending` and counts the attempt; false when it was no longer pending. */
  claim(itemId: number, channel: string, now: string): Promise<boolean>;
  complete(itemId: number, channel: string, status: 'sent' | 'failed' | 'pending' | 'unknown', now: string, error?: string): Promise<void>;
  list(channel?: string): Promise<DiscoveryNotificationRow[]>;
}
