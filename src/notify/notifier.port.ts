import type { DiscoveryAlertPayload } from '../store/discovery-outbox.port.js';
import type { StoryRow } from '../store/stories.port.js';
import type { SignalRow } from '../store/store.port.js';
import type { Spike } from '../store/volumes.port.js';

/** A volume spike as an alert explains it (ADR 0025): what happened, what is usual, the loudest items. */
export interface SpikeAlert {
  spike: Spike;
  /** The series as people read it, e.g. `term "login"`, `category bug`. */
  label: string;
  /** Items in the last hour, and what the detector expected for an hour at this time of day (mean ± spread). */
  hourCount: number;
  usualPerHour: number;
  spreadPerHour: number;
  topItems: readonly SignalRow[];
  dashboardUrl?: string;
}
import type { RouteTarget } from './routing.js';

/** What a channel sends and when (SPEC 2.4); each configured channel carries its own. */
export interface NotifySettings {
  /** Items with salience ≥ threshold qualify. */
  threshold: number;
  /** At most this many single messages (and pending batches) per run. */
  limit: number;
  /** When set, only items created within the last H hours qualify. */
  hours?: number;
  /** K: when more than K items qualify in one run, one digest replaces the single messages. */
  digestThreshold: number;
  /** Base URL of the dashboard, for links in digests. */
  dashboardUrl?: string;
  /** Retries across runs and the dead-letter limit (`notify.retry`); default DEFAULT_RETRY. */
  retry?: { maxAttempts: number; baseSeconds: number; maxSeconds: number };
}

/**
 * One delivery, channel-neutral: a single signal, or a digest of many. The notifier renders it in
 * its own format (Slack Block Kit, an e-mail, …).
 */
export type NotifyAlert =
  | { kind: 'single'; item: SignalRow; threshold: number; dashboardUrl?: string }
  | {
      kind: 'digest';
      items: readonly SignalRow[];
      /** Items that qualified; may exceed `items.length`. */
      total: number;
      threshold: number;
      dashboardUrl?: string;
    }
  | { kind: 'spike'; spike: SpikeAlert }
  | { kind: 'story'; story: StoryAlert }
  | { kind: 'discovery'; discovery: DiscoveryAlert };

/**
 * One story message, channel-neutral (ADR 0023): `new` when the story first qualifies, else a
 * follow-up for a milestone it reached ("now on 3 sources, 40 mentions").
 */
export interface StoryAlert {
  story: StoryRow;
  milestone: string;
  followUp: boolean;
  threshold: number;
  dashboardUrl?: string;
}

/** A research item whose discovery score crossed `notify.discovery.minScore` (issue 16), with the breakdown. */
export interface DiscoveryAlert {
  discovery: DiscoveryAlertPayload;
  minScore: number;
  dashboardUrl?: string;
}

/** What a channel reports of a delivery that succeeded (recorded in the deliveries log). */
export interface DeliveryReceipt {
  /** The receiver's HTTP status, or for e-mail the SMTP reply code. */
  statusCode?: number;
}

/** The event types an alert can carry to a receiver (a webhook's `type`), one per `NotifyAlert` kind. */
export const ALERT_EVENT_TYPES = ['signal.alert', 'digest', 'story.alert', 'spike.alert', 'discovery.alert'] as const;
export type AlertEventType = (typeof ALERT_EVENT_TYPES)[number];

/** The event type of an alert. */
const ALERT_TYPE_OF_KIND: Record<NotifyAlert['kind'], AlertEventType> = { single: 'signal.alert', digest: 'digest', spike: 'spike.alert', story: 'story.alert', discovery: 'discovery.alert' };

export const alertEventType = (alert: NotifyAlert): AlertEventType => ALERT_TYPE_OF_KIND[alert.kind];

/**
 * A configured notification channel. `send` renders the alert and delivers it; it resolves when
 * delivered and rejects with an AppError whose `retryable` says whether a later run could succeed
 * (after its own retries are spent). A `TIMEOUT` AppError means the delivery may have happened:
 * the outbox records it as `unknown` and never repeats it automatically (ADR 0004).
 */
export interface Notifier {
  /**
   * The outbox key: each item is sent at most once per (item, channel). Also the metrics label.
   * Distinct across the configured notifiers (the registry checks).
   */
  readonly channel: string;
  readonly settings: NotifySettings;
  /** Whether the routing rules send this alert to this channel; absent: every alert (no rules). */
  accepts?(target: RouteTarget): boolean;
  /**
   * `messageId` is the outbox batch id: stable across retries and redeliveries of the same message
   * (a webhook's `webhook-id`, an e-mail's Message-ID), so a receiver can drop duplicates by it.
   */
  send(alert: NotifyAlert, signal?: AbortSignal, messageId?: string): Promise<void | DeliveryReceipt>;
}
