import type { TopicsConfig } from '../config/topics.config.js';
import type { Logger } from '../observability/logger.js';
import type { DiscoveryAlertPayload, DiscoveryNotificationRow } from '../store/discovery-outbox.port.js';
import type { Store } from '../store/store.port.js';
import { listDiscoveries, type Discovery } from '../topics/topics.service.js';
import { channelDisabled, sendClaimed, type AlertDeliveryDeps } from './alert-delivery.js';
import type { Notifier } from './notifier.port.js';
import { noCounts, type NotifyCounts } from './notify.service.js';
import type { RouteTarget } from './routing.js';

export interface DiscoveryNotifyDeps extends AlertDeliveryDeps {
  store: Store;
}

/** `notify.discovery`: which discoveries are alerted (issue 16), and how they are scored (`topics.discovery`). */
export interface DiscoveryAlertPolicy {
  minScore: number;
  /** Only items created within the last H hours. */
  hours: number;
  scoring: TopicsConfig['discovery'];
}

/** Discoveries one pass looks at. */
const CANDIDATES = 200;

/** What routing reads of a discovery: category `discovery`, its topic as a tag, its source and score. */
export const discoveryTarget = (d: DiscoveryAlertPayload): RouteTarget => ({ kind: 'discovery', category: 'discovery', tags: d.topic === null ? [] : [d.topic], source: d.source, score: d.score });

/** The message id of a discovery alert: stable across retries (a webhook's `webhook-id`). */
export const discoveryMessageId = (itemId: number): string => `discovery_${itemId}`;

const payload = (d: Discovery): DiscoveryAlertPayload => ({
  itemId: d.id,
  source: d.source,
  title: d.title ?? `item ${d.id}`,
  url: d.url,
  topic: d.topic,
  score: d.score,
  breakdown: d.breakdown,
  createdAt: d.createdAt,
});

/** Queues, up to the channel's `limit`, the discoveries at or above `minScore` the routes send here and not yet queued for it. */
const enqueueDiscoveries = async (deps: DiscoveryNotifyDeps, notifier: Notifier, policy: DiscoveryAlertPolicy, now: Date): Promise<number> => {
  const found = (await listDiscoveries(deps.store, policy.scoring, now, { minScore: policy.minScore, hours: policy.hours, limit: CANDIDATES })).map(payload);
  const routed = notifier.accepts ? found.filter((d) => notifier.accepts?.(discoveryTarget(d)) === true) : found;
  const known = await deps.store.discoveryOutbox.known(notifier.channel, routed.map((d) => d.itemId));
  const fresh = routed.filter((d) => !known.has(d.itemId)).slice(0, notifier.settings.limit);
  return deps.store.discoveryOutbox.enqueue(fresh, notifier.channel, now.toISOString());
};

/** Claim → send → complete for one row; false when the receiver answered 410 (the pass stops). */
const deliver = async (deps: DiscoveryNotifyDeps, notifier: Notifier, row: DiscoveryNotificationRow, policy: DiscoveryAlertPolicy, counts: NotifyCounts, log: Logger): Promise<boolean> => {
  const outbox = deps.store.discoveryOutbox;
  if (!(await outbox.claim(row.itemId, notifier.channel, deps.clock.now().toISOString()))) return true;
  const alert = { kind: 'discovery' as const, discovery: { discovery: row.discovery, minScore: policy.minScore, dashboardUrl: notifier.settings.dashboardUrl } };
  const result = await sendClaimed(deps, notifier, alert, discoveryMessageId(row.itemId), { kind: 'discovery', attempt: row.attempts + 1 }, async (r) => {
    await outbox.complete(row.itemId, notifier.channel, r.status === 'gone' ? 'pending' : r.status, deps.clock.now().toISOString(), r.error);
  });
  if (result.status === 'sent') counts.ok += 1;
  else if (result.status === 'unknown') counts.unknown += 1;
  else counts.failed += 1;
  if (result.status !== 'sent') log.warn({ itemId: row.itemId, status: result.status, err: result.error }, 'discovery alert not delivered');
  return result.status !== 'gone';
};

/**
 * One channel's pass over the discovery outbox (issue 16 through issue 19's channels, ADR 0027
 * amended): interrupted sends become `unknown`; discoveries scoring at least `minScore` now are
 * queued once per (item, channel); each pending row is claimed before its send, so none goes out twice.
 */
export const notifyDiscoveries = async (deps: DiscoveryNotifyDeps, notifier: Notifier, policy: DiscoveryAlertPolicy): Promise<NotifyCounts> => {
  const counts = noCounts();
  const log = deps.log.child({ component: 'notify', channel: notifier.channel, what: 'discoveries' });
  const now = deps.clock.now();
  counts.unknown = await deps.store.discoveryOutbox.recoverInterrupted(notifier.channel, now.toISOString());
  if (await channelDisabled(deps, notifier.channel)) return counts;
  counts.queued = await enqueueDiscoveries(deps, notifier, policy, now);
  for (const row of await deps.store.discoveryOutbox.pending(notifier.channel, notifier.settings.limit)) {
    if (!(await deliver(deps, notifier, row, policy, counts, log))) break;
  }
  return counts;
};
