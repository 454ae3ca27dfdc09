/*
 * What the CLI and the API read about topics: trending over a window with each topic's top items,
 * and one topic's page (its items, daily volume, growth). Pure orchestration over the store port.
 */
import type { TopicsConfig } from '../config/topics.config.js';
import type { Store } from '../store/store.port.js';
import { discoveryScore, withRecency, type DiscoveryBreakdown } from './discovery.js';
import type { TopicItem } from '../store/topics.port.js';
import { rankTrending, trendBounds, type TrendingTopic } from './trending.js';

export interface TrendingTopicWithItems extends TrendingTopic {
  topItems: TopicItem[];
  /** Items per UTC day from the baseline's start to now (days without items left out). */
  daily: Array<{ day: string; count: number }>;
}

export interface TopicPage extends TrendingTopic {
  items: TopicItem[];
  daily: Array<{ day: string; count: number }>;
}

/** Trending topics over `windowMs` (each with its `topItems` most salient items in the window). */
export const trendingTopics = async (store: Store, taxonomy: readonly string[], now: Date, windowMs: number, topItems = 3): Promise<TrendingTopicWithItems[]> => {
  const b = trendBounds(now, windowMs);
  const ranked = rankTrending(await store.topics.trending(b.baselineStart, b.windowStart, b.until), taxonomy);
  const daily = new Map<string, Array<{ day: string; count: number }>>();
  for (const d of await store.topics.daily(b.baselineStart)) daily.set(d.topic, [...(daily.get(d.topic) ?? []), { day: d.day, count: d.count }]);
  return Promise.all(ranked.map(async (t) => ({ ...t, topItems: t.count === 0 ? [] : await store.topics.topicItems(t.name, b.windowStart, topItems), daily: daily.get(t.name) ?? [] })));
};

/** One topic over `windowMs`: undefined when it is neither in the taxonomy nor on any item. */
export const topicPage = async (store: Store, taxonomy: readonly string[], name: string, now: Date, windowMs: number, limit = 50): Promise<TopicPage | undefined> => {
  const b = trendBounds(now, windowMs);
  const rows = await store.topics.trending(b.baselineStart, b.windowStart, b.until);
  const t = rankTrending(rows, taxonomy).find((x) => x.name === name);
  if (!t || (!taxonomy.includes(name) && t.count + t.baseline === 0)) return undefined;
  const daily = (await store.topics.daily(b.baselineStart)).filter((d) => d.topic === name).map(({ day, count }) => ({ day, count }));
  return { ...t, items: await store.topics.topicItems(name, b.windowStart, limit), daily };
};

export interface Discovery {
  id: number;
  source: string;
  title: string | null;
  url: string | null;
  topic: string | null;
  /** 0–100: the weighted mean of the breakdown, recency as of now. */
  score: number;
  breakdown: DiscoveryBreakdown;
  createdAt: string;
  scoredAt: string;
}

/** Candidates read before recency is brought up to date and the threshold applied. */
const DISCOVERY_CANDIDATES = 5000;

/**
 * Discoveries of items created in the last `hours`, recency as of `now` and the score re-weighted
 * with the configured weights, at least `minScore`, highest first.
 */
export const listDiscoveries = async (
  store: Store,
  cfg: TopicsConfig['discovery'],
  now: Date,
  opts: { minScore?: number; hours?: number; topic?: string; limit?: number },
): Promise<Discovery[]> => {
  const since = new Date(now.getTime() - (opts.hours ?? 168) * 3_600_000).toISOString();
  const rows = await store.topics.discoveries({ since, topic: opts.topic, limit: DISCOVERY_CANDIDATES });
  return rows
    .map((r) => {
      const stored = r.breakdown as Partial<DiscoveryBreakdown>;
      const base: DiscoveryBreakdown = { novelty: stored.novelty ?? 0, emergence: stored.emergence ?? 0, echo: stored.echo ?? 0, obscurity: stored.obscurity ?? 0, recency: 0 };
      const breakdown = withRecency(base, (now.getTime() - Date.parse(r.createdAt)) / 3_600_000, cfg.halfLifeHours);
      return { id: r.itemId, source: r.source, title: r.title ?? r.text.slice(0, 200), url: r.url, topic: r.topic, score: discoveryScore(breakdown, cfg.weights), breakdown, createdAt: r.createdAt, scoredAt: r.scoredAt };
    })
    .filter((d) => d.score >= (opts.minScore ?? 0))
    .sort((a, b) => b.score - a.score || b.id - a.id)
    .slice(0, opts.limit ?? 50);
};
