/*
 * Echo follows the story (issue 16, ADR 0024 amended): a discovery's echo part is scored from the
 * sources its story spans when the item is assigned, and rescored when the story has grown to more
 * sources since. Cheap: one read of the window's discoveries that are in a story (bounded), and one
 * write of only those whose echo changed.
 */
import type { TopicsConfig } from '../config/topics.config.js';
import type { TopicsRepository } from '../store/topics.port.js';
import { discoveryScore, echoPart, type DiscoveryBreakdown } from '../topics/discovery.js';

/** Discoveries re-read per run at most. */
const MAX_RESCORED = 5000;

/** Rescores the echo of the window's discoveries whose story spans more (or fewer) sources now; returns how many changed. */
export const refreshDiscoveryEcho = async (topics: TopicsRepository, cfg: TopicsConfig, now: Date): Promise<number> => {
  const since = new Date(now.getTime() - cfg.discovery.windowHours * 3_600_000).toISOString();
  const changed = [];
  for (const c of await topics.echoCandidates(since, MAX_RESCORED)) {
    const echo = echoPart(c.storySources);
    if (c.breakdown.echo === echo) continue;
    const breakdown = { ...(c.breakdown as unknown as DiscoveryBreakdown), echo };
    changed.push({ itemId: c.itemId, score: discoveryScore(breakdown, cfg.discovery.weights), breakdown: { ...breakdown } });
  }
  await topics.rescoreDiscoveries(changed, now.toISOString());
  return changed.length;
};
