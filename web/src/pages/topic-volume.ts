import type { StackedSeries } from '../components/StackedChart.js';

/** A topic's items per UTC day (days without items left out), as GET /topics gives them. */
export interface TopicDaily {
  name: string;
  daily: Array<{ day: string; count: number }>;
}

/**
 * Daily buckets from the first day the trending window's baseline covers to today, and one series
 * per topic with items (zero-filled), for the volume chart.
 */
export const topicVolume = (topics: readonly TopicDaily[], now: Date, days: number): { buckets: string[]; series: StackedSeries[] } => {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const buckets = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * 86_400_000).toISOString());
  const index = new Map(buckets.map((b, i) => [b.slice(0, 10), i]));
  const series = topics
    .filter((t) => t.daily.length > 0)
    .map((t) => {
      const counts = buckets.map(() => 0);
      for (const d of t.daily) {
        const i = index.get(d.day);
        if (i !== undefined) counts[i] = d.count;
      }
      return { key: t.name, counts };
    });
  return { buckets, series };
};
