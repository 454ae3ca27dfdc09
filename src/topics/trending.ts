/*
 * Trending topics: each topic's items in the window against its baseline (the `baselineWindows`
 * windows before it). Growth is the window's count over the count the baseline rate predicts,
 * both smoothed by one item, so a topic new this window with 5 items grows 6×, not ∞.
 */
import { inputError } from '../domain/errors.js';
import type { TopicTrend } from '../store/topics.port.js';

export const BASELINE_WINDOWS = 4;

export interface TrendingTopic {
  name: string;
  count: number;
  baseline: number;
  /** (count + 1) / (baseline per window + 1). */
  growth: number;
}

/** A window like `14d`, `48h` or `90m` in milliseconds (1 minute to 365 days); INPUT_INVALID otherwise. */
export const parseWindow = (text: string): number => {
  const m = /^(\d+(?:\.\d+)?)\s*([dhm])$/.exec(text.trim());
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;
  const ms = m ? Number(m[1]) * unit[m[2] as keyof typeof unit] : NaN;
  if (!Number.isFinite(ms) || ms < 60_000 || ms > 365 * 86_400_000) throw inputError(`window "${text}" must be a duration like 14d, 48h or 90m (1 minute to 365 days)`);
  return ms;
};

/** The three instants trending compares: baseline start, window start, now. */
export const trendBounds = (now: Date, windowMs: number): { baselineStart: string; windowStart: string; until: string } => ({
  baselineStart: new Date(now.getTime() - windowMs * (BASELINE_WINDOWS + 1)).toISOString(),
  windowStart: new Date(now.getTime() - windowMs).toISOString(),
  until: new Date(now.getTime() + 1).toISOString(),
});

/** Every topic (the taxonomy's and any with items), fastest growing first, then busiest, then by name. */
export const rankTrending = (rows: readonly TopicTrend[], topics: readonly string[]): TrendingTopic[] => {
  const by = new Map(rows.map((r) => [r.topic, r]));
  const names = [...new Set([...topics, ...rows.map((r) => r.topic)])];
  return names
    .map((name) => {
      const r = by.get(name);
      const count = r?.count ?? 0;
      const baseline = r?.baseline ?? 0;
      return { name, count, baseline, growth: Math.round(((count + 1) / (baseline / BASELINE_WINDOWS + 1)) * 100) / 100 };
    })
    .sort((a, b) => b.growth - a.growth || b.count - a.count || (a.name < b.name ? -1 : 1));
};
