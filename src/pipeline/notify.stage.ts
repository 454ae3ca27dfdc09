import { addCounts, noCounts, notifyChannel, type NotifyCounts } from '../notify/notify.service.js';
import { NO_NOTIFIER_REASON } from '../notify/registry.js';
import { notifyStories, type StoryNotifyPolicy } from '../notify/story-notify.service.js';
import { notifyDiscoveries, type DiscoveryAlertPolicy } from '../notify/discovery-notify.service.js';
import { storyMilestone } from '../scoring/story-salience.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';

export interface NotifyResult extends StageResult, NotifyCounts {
  reason?: string;
  /** Story messages (ADR 0023): `ok`, `queued` and `unknown` above count items; `failed` counts both. */
  stories?: { sent: number; failed: number; queued: number; unknown: number };
  /** Discovery alerts (issue 16), when enabled; `failed` above counts them too. */
  discoveries?: { sent: number; failed: number; queued: number; unknown: number };
}

const discoveryPolicy = (deps: PipelineDeps): DiscoveryAlertPolicy | null => {
  const a = deps.discoveryAlerts;
  if (!a?.enabled || deps.topics === undefined || !deps.topics.enabled) return null;
  return { minScore: a.minScore, hours: a.hours, scoring: deps.topics.discovery };
}

/**
 * Sends what qualifies on every configured channel through the outbox (ADR 0004), each under its
 * own settings and exactly-once key; the counts are summed over channels. Per channel, story
 * messages go first, so the later members of an announced story are folded into it rather than sent
 * as item messages (ADR 0023, amended). With no channel configured the stage is skipped with a reason.
 */
export const runNotify = async (deps: PipelineDeps): Promise<NotifyResult> => {
  const t0 = performance.now();
  if (deps.notifiers.length === 0) {
    return { ok: 0, skipped: 0, failed: 0, durationMs: elapsed(t0), queued: 0, digests: 0, unknown: 0, reason: NO_NOTIFIER_REASON };
  }
  const outboxDeps = { outbox: deps.store.outbox, clock: deps.clock, log: deps.log, signal: deps.signal, metrics: deps.metrics };
  const storyDeps = { ...outboxDeps, storyOutbox: deps.store.storyOutbox };
  // A story of one is its item: its item message already says it (ADR 0023, amended).
  const policy: StoryNotifyPolicy = { minMembers: Math.max(2, deps.scoring.stories.notifyMinMembers), milestone: (s) => storyMilestone(s.size, s.sources.length, deps.scoring) };
  const discovery = discoveryPolicy(deps);
  let counts = noCounts();
  let stories = noCounts();
  let discoveries = noCounts();
  for (const notifier of deps.notifiers) {
    // Stories first: an item of a story announced on this channel is folded into its story's message.
    stories = addCounts(stories, await notifyStories(storyDeps, notifier, policy));
    counts = addCounts(counts, await notifyChannel(outboxDeps, notifier));
    if (discovery) discoveries = addCounts(discoveries, await notifyDiscoveries({ ...outboxDeps, store: deps.store }, notifier, discovery));
  }
  return {
    ok: counts.ok, skipped: 0, failed: counts.failed + stories.failed + discoveries.failed, durationMs: elapsed(t0), queued: counts.queued, digests: counts.digests, unknown: counts.unknown,
    stories: { sent: stories.ok, failed: stories.failed, queued: stories.queued, unknown: stories.unknown },
    ...(discovery ? { discoveries: { sent: discoveries.ok, failed: discoveries.failed, queued: discoveries.queued, unknown: discoveries.unknown } } : {}),
  };
};
