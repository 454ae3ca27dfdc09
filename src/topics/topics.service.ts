/*
 * What the CLI and the API read about topics: trending over a window with each topic's top items,
 * and one topic's page (its items, daily volume, growth). Pure orchestration over the store port.
 */
import type { Store } from '../store/store.port.js';
import type { TopicItem } from '../store/topics.port.js';
import { rankTrending, trendBounds, type TrendingTopic } from './trending.js';

export interface TrendingTopicWithItems extends TrendingTopic {
  topItems: TopicItem[];
}

export interface TopicPage extends TrendingTopic {
  items: TopicItem[];
  daily: Array<{ day: string; count: number }>;
}

/** Trending topics over `windowMs` (each with its `topItems` most salient items in the window). */
export const trendingTopics = async (store: Store, taxonomy: readonly string[], now: Date, windowMs: number, topItems = 3): Promise<TrendingTopicWithItems[]> => {
  const b = trendBounds(now, windowMs);
  const ranked = rankTrending(await store.topics.trending(b.baselineStart, b.windowStart, b.until), taxonomy);
  return Promise.all(ranked.map(async (t) => ({ ...t, topItems: t.count === 0 ? [] : await store.topics.topicItems(t.name, b.windowStart, topItems) })));
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
