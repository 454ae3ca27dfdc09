import { addCounts, noCounts, notifyChannel, type NotifyCounts } from '../notify/notify.service.js';
import { NO_NOTIFIER_REASON } from '../notify/registry.js';
import { notifyStories, type StoryNotifyPolicy } from '../notify/story-notify.service.js';
import { storyMilestone } from '../scoring/story-salience.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';

export interface NotifyResult extends StageResult, NotifyCounts {
  reason?: string;
  /** Story messages (ADR 0023): `ok`, `queued` and `unknown` above count items; `failed` counts both. */
  stories?: { sent: number; failed: number; queued: number; unknown: number };
}

/**
 * Sends what qualifies on every configured channel through the outbox (ADR 0004), each under its
 * own settings and exactly-once key; the counts are summed over channels. With no channel
 * configured the stage is skipped with a reason.
 */
export const runNotify = async (deps: PipelineDeps): Promise<NotifyResult> => {
  const t0 = performance.now();
  if (deps.notifiers.length === 0) {
    return { ok: 0, skipped: 0, failed: 0, durationMs: elapsed(t0), queued: 0, digests: 0, unknown: 0, reason: NO_NOTIFIER_REASON };
  }
  const outboxDeps = { outbox: deps.store.outbox, clock: deps.clock, log: deps.log, signal: deps.signal, metrics: deps.metrics };
  const storyDeps = { ...outboxDeps, storyOutbox: deps.store.storyOutbox };
  const policy: StoryNotifyPolicy = { minMembers: deps.scoring.stories.notifyMinMembers, milestone: (s) => storyMilestone(s.size, s.sources.length, deps.scoring) };
  let counts = noCounts();
  let stories = noCounts();
  for (const notifier of deps.notifiers) {
    counts = addCounts(counts, await notifyChannel(outboxDeps, notifier));
    stories = addCounts(stories, await notifyStories(storyDeps, notifier, policy));
  }
  return {
    ok: counts.ok, skipped: 0, failed: counts.failed + stories.failed, durationMs: elapsed(t0), queued: counts.queued, digests: counts.digests, unknown: counts.unknown,
    stories: { sent: stories.ok, failed: stories.failed, queued: stories.queued, unknown: stories.unknown },
  };
};
