import { sinceHours } from '../domain/time.js';
import { isAppError } from '../domain/errors.js';
import type { StoryNotificationRow, StoryOutboxRepository, StoryRow } from '../store/stories.port.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { Notifier } from './notifier.port.js';
import { noCounts, type NotifyCounts } from './notify.service.js';

export interface StoryOutboxDeps {
  storyOutbox: StoryOutboxRepository;
  clock: Clock;
  log: Logger;
  signal?: AbortSignal;
}

/** When a story is worth a message, and which follow-up milestone it has reached (from the scoring config). */
export interface StoryNotifyPolicy {
  minMembers: number;
  /** The milestone key the story has reached (`s3-m25`), or null below every mark. */
  milestone(story: StoryRow): string | null;
}

/** How many qualifying stories one pass looks at. */
const CANDIDATES = 200;

/**
 * Queues at most one message per qualifying story: `new` the first time (its current milestone
 * recorded as `skipped`, since the first message already says it), else a follow-up for a milestone
 * not yet recorded for the channel. The primary key (story, channel, milestone) makes each once.
 */
const enqueueStories = async (deps: StoryOutboxDeps, notifier: Notifier, policy: StoryNotifyPolicy, now: Date): Promise<number> => {
  const { channel, settings } = notifier;
  const candidates = await deps.storyOutbox.candidates({ channel, threshold: settings.threshold, minMembers: policy.minMembers, since: sinceHours(now, settings.hours), limit: CANDIDATES });
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

const deliver = async (deps: StoryOutboxDeps, notifier: Notifier, row: StoryNotificationRow, counts: NotifyCounts, log: Logger): Promise<void> => {
  const send = notifier.sendStory;
  if (!send) return;
  const key = [row.storyId, notifier.channel, row.milestone] as const;
  if (!(await deps.storyOutbox.claim(...key, deps.clock.now().toISOString()))) return;
  try {
    await send.call(notifier, { story: row.story, milestone: row.milestone, followUp: row.milestone !== 'new', threshold: notifier.settings.threshold, dashboardUrl: notifier.settings.dashboardUrl }, deps.signal);
    await deps.storyOutbox.complete(...key, 'sent', deps.clock.now().toISOString());
    counts.ok += 1;
  } catch (err) {
    const ambiguous = isAppError(err) && err.code === 'TIMEOUT';
    const status = ambiguous ? 'unknown' : isAppError(err) && err.retryable ? 'pending' : 'failed';
    const reason = isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
    await deps.storyOutbox.complete(...key, status, deps.clock.now().toISOString(), reason);
    if (ambiguous) counts.unknown += 1;
    else counts.failed += 1;
    log.warn({ storyId: row.storyId, milestone: row.milestone, status, err: reason }, 'story message not delivered');
  }
};

/**
 * One channel's pass over the story outbox (ADR 0023, with ADR 0004's claim protocol): interrupted
 * sends become `unknown`, qualifying stories are queued, and each pending row is claimed before its
 * send, so no story message goes out twice. A channel without `sendStory` is left alone.
 */
export const notifyStories = async (deps: StoryOutboxDeps, notifier: Notifier, policy: StoryNotifyPolicy): Promise<NotifyCounts> => {
  const counts = noCounts();
  if (!notifier.sendStory) return counts;
  const log = deps.log.child({ component: 'notify', channel: notifier.channel, what: 'stories' });
  const now = deps.clock.now();
  counts.unknown = await deps.storyOutbox.recoverInterrupted(notifier.channel, now.toISOString());
  counts.queued = await enqueueStories(deps, notifier, policy, now);
  for (const row of await deps.storyOutbox.pending(notifier.channel, notifier.settings.limit)) await deliver(deps, notifier, row, counts, log);
  return counts;
};
