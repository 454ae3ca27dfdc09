import { sinceHours } from '../domain/time.js';
import type { StoryCandidate, StoryNotificationRow, StoryOutboxRepository, StoryRow } from '../store/stories.port.js';
import type { Logger } from '../observability/logger.js';
import { channelDisabled, sendClaimed, type AlertDeliveryDeps } from './alert-delivery.js';
import type { Notifier } from './notifier.port.js';
import { noCounts, type NotifyCounts } from './notify.service.js';
import type { RouteTarget } from './routing.js';

export interface StoryOutboxDeps extends AlertDeliveryDeps {
  storyOutbox: StoryOutboxRepository;
}

/** When a story is worth a message, and which follow-up milestone it has reached (from the scoring config). */
export interface StoryNotifyPolicy {
  minMembers: number;
  /** The milestone key the story has reached (`s3-m25`), or null below every mark. */
  milestone(story: StoryRow): string | null;
}

/** How many qualifying stories one pass looks at. */
const CANDIDATES = 200;

/** What routing reads of a story: its lead item's category and tags, every source, its salience and size. */
export const storyTarget = (c: StoryCandidate): RouteTarget => ({
  kind: 'story',
  category: c.category,
  tags: c.tags,
  sources: c.story.sources,
  score: c.story.salience ?? 0,
  size: c.story.size,
});

/** The message id of a story message on a channel: stable across retries (a webhook's `webhook-id`). */
export const storyMessageId = (storyId: number, milestone: string): string => `story_${storyId}_${milestone}`;

/**
 * Queues at most one message per qualifying story the routes send to this channel: `new` the first
 * time (its current milestone recorded as `skipped`, since the first message already says it), else
 * a follow-up for a milestone not yet recorded for the channel. The primary key (story, channel,
 * milestone) makes each once.
 */
const enqueueStories = async (deps: StoryOutboxDeps, notifier: Notifier, policy: StoryNotifyPolicy, now: Date): Promise<number> => {
  const { channel, settings } = notifier;
  const fetched = await deps.storyOutbox.candidates({ channel, threshold: settings.threshold, minMembers: policy.minMembers, since: sinceHours(now, settings.hours), limit: CANDIDATES });
  const candidates = notifier.accepts ? fetched.filter((c) => notifier.accepts?.(storyTarget(c)) === true) : fetched;
  const rows: Array<{ story: StoryRow; milestone: string; status: 'pending' | 'skipped' }> = [];
  let messages = 0;
  for (const { story, milestones } of candidates) {
    if (messages >= settings.limit) break;
    const mark = policy.milestone(story);
    if (!milestones.includes('new')) {
      rows.push({ story, milestone: 'new', status: 'pending' });
      if (mark) rows.push({ story, milestone: mark, status: 'skipped' });
      messages += 1;
    } else if (mark && !milestones.includes(mark)) {
      rows.push({ story, milestone: mark, status: 'pending' });
      messages += 1;
    }
  }
  return deps.storyOutbox.enqueue(rows, channel, now.toISOString());
};

/** Claim → send → complete for one row; false when the receiver answered 410 (the pass stops). */
const deliver = async (deps: StoryOutboxDeps, notifier: Notifier, row: StoryNotificationRow, counts: NotifyCounts, log: Logger): Promise<boolean> => {
  const key = [row.storyId, notifier.channel, row.milestone] as const;
  if (!(await deps.storyOutbox.claim(...key, deps.clock.now().toISOString()))) return true;
  const alert = { story: row.story, milestone: row.milestone, followUp: row.milestone !== 'new', threshold: notifier.settings.threshold, dashboardUrl: notifier.settings.dashboardUrl };
  const result = await sendClaimed(deps, notifier, { kind: 'story', story: alert }, storyMessageId(row.storyId, row.milestone), { kind: 'story', attempt: row.attempts + 1 }, async (r) => {
    const status = r.status === 'gone' ? 'pending' : r.status;
    await deps.storyOutbox.complete(...key, status, deps.clock.now().toISOString(), r.error);
  });
  if (result.status === 'sent') counts.ok += 1;
  else if (result.status === 'unknown') counts.unknown += 1;
  else counts.failed += 1;
  if (result.status !== 'sent') log.warn({ storyId: row.storyId, milestone: row.milestone, status: result.status, err: result.error }, 'story message not delivered');
  return result.status !== 'gone';
};

/**
 * One channel's pass over the story outbox (ADR 0023, 0027, with ADR 0004's claim protocol):
 * interrupted sends become `unknown`, qualifying stories the routes send here are queued, and each
 * pending row is claimed before its send, so no story message goes out twice. Every channel
 * renders stories (`NotifyAlert` kind `story`); a channel a 410 disabled is skipped.
 */
export const notifyStories = async (deps: StoryOutboxDeps, notifier: Notifier, policy: StoryNotifyPolicy): Promise<NotifyCounts> => {
  const counts = noCounts();
  const log = deps.log.child({ component: 'notify', channel: notifier.channel, what: 'stories' });
  const now = deps.clock.now();
  counts.unknown = await deps.storyOutbox.recoverInterrupted(notifier.channel, now.toISOString());
  if (await channelDisabled(deps, notifier.channel)) return counts;
  counts.queued = await enqueueStories(deps, notifier, policy, now);
  for (const row of await deps.storyOutbox.pending(notifier.channel, notifier.settings.limit)) {
    if (!(await deliver(deps, notifier, row, counts, log))) break;
  }
  return counts;
};
