import { z } from 'zod';
import type { SignalRow } from '../store/store.port.js';

/**
 * `notify.routes[]`: an ordered list; the first rule whose `match` holds decides which channels get
 * the alert. Within `match` every key given must hold (AND); a list matches when any value does (OR).
 * An alert no rule matches takes `notify.defaultRoute` (unset: every channel). No rules at all:
 * every channel gets everything it qualifies for, as before routing existed.
 */
export const routeMatchSchema = z
  .object({
    categories: z.array(z.string().min(1)).min(1).optional(),
    /** An item's tags (its topics); case-insensitive. */
    tags: z.array(z.string().min(1)).min(1).optional(),
    sources: z.array(z.string().min(1)).min(1).optional(),
    /** Minimum salience (0–100). */
    minScore: z.number().finite().min(0).max(100).optional(),
    /** Story alerts only: the story has at least this many items. A signal never matches a rule that sets it. */
    minStorySize: z.number().int().min(1).optional(),
    /** Spike alerts only: the spike's series (e.g. `category:outage`). A signal never matches a rule that sets it. */
    spikeSeries: z.array(z.string().min(1)).min(1).optional(),
    /** The kinds of alert the rule takes: `signal` (items and digests), `story`, `spike`, `discovery`. */
    kinds: z.array(z.enum(['signal', 'story', 'spike', 'discovery'])).min(1).optional(),
  })
  .strict();

export const routeSchema = z
  .object({
    /** Shown by `notify --dry-run` and `config check`. */
    name: z.string().trim().min(1).max(60),
    match: routeMatchSchema.prefault({}),
    /** Outbox keys: `slack:security`, `webhook:ops`, `email:research`, … (empty: the alert goes nowhere). */
    channels: z.array(z.string().min(1)),
  })
  .strict();

export type RouteRule = z.infer<typeof routeSchema>;

/**
 * What routing looks at: a signal, a story (its lead item's category and tags), a spike, or a
 * discovery (category `discovery`, its topic as its one tag, score the discovery score).
 */
export type RouteTarget =
  | { kind: 'signal'; category: string; tags: readonly string[]; source: string; score: number }
  | { kind: 'story'; category: string; tags: readonly string[]; sources: readonly string[]; score: number; size: number }
  | { kind: 'spike'; series: string; score: number }
  | { kind: 'discovery'; category: 'discovery'; tags: readonly string[]; source: string; score: number };

export const signalTarget = (s: SignalRow): RouteTarget => ({ kind: 'signal', category: s.category, tags: s.tags, source: s.source, score: s.salience });

const anyOf = (wanted: readonly string[] | undefined, have: readonly string[]): boolean => {
  if (wanted === undefined) return true;
  const lower = new Set(have.map((h) => h.toLowerCase()));
  return wanted.some((w) => lower.has(w.toLowerCase()));
};

/** Whether every condition of `m` holds for `t`. */
export const matches = (m: RouteRule['match'], t: RouteTarget): boolean => {
  if (m.minScore !== undefined && t.score < m.minScore) return false;
  if (m.kinds !== undefined && !m.kinds.includes(t.kind)) return false;
  if (t.kind === 'spike') {
    if (m.categories || m.tags || m.sources || m.minStorySize !== undefined) return false;
    return anyOf(m.spikeSeries, [t.series]);
  }
  if (m.spikeSeries !== undefined) return false;
  if (t.kind !== 'story' && m.minStorySize !== undefined) return false;
  if (t.kind === 'story' && m.minStorySize !== undefined && t.size < m.minStorySize) return false;
  const sources = t.kind === 'story' ? t.sources : [t.source];
  return anyOf(m.categories, [t.category]) && anyOf(m.tags, t.tags) && anyOf(m.sources, sources);
};

/** The route an alert takes: the rule's name (or `default`, or `all` with no rules) and its channels. */
export interface RouteDecision {
  rule: string;
  /** null: every channel. */
  channels: readonly string[] | null;
}

export interface Router {
  route(t: RouteTarget): RouteDecision;
  /** Whether `channel` gets the alert for `t`. */
  accepts(channel: string, t: RouteTarget): boolean;
}

export const createRouter = (rules: readonly RouteRule[], defaultRoute: readonly string[] | undefined): Router => {
  const route = (t: RouteTarget): RouteDecision => {
    if (rules.length === 0) return { rule: 'all', channels: null };
    const hit = rules.find((r) => matches(r.match, t));
    if (hit) return { rule: hit.name, channels: hit.channels };
    return { rule: 'default', channels: defaultRoute ?? null };
  };
  return {
    route,
    accepts: (channel, t) => {
      const d = route(t);
      return d.channels === null || d.channels.includes(channel);
    },
  };
};

/** Problems with routes naming channels that are not configured (checked when the config is loaded). */
export const unknownRouteChannels = (rules: readonly RouteRule[], defaultRoute: readonly string[] | undefined, channels: ReadonlySet<string>): string[] => {
  const problems: string[] = [];
  rules.forEach((r, i) => {
    for (const c of r.channels) if (!channels.has(c)) problems.push(`notify.routes[${i}] ("${r.name}") names channel "${c}", which is not configured`);
  });
  for (const c of defaultRoute ?? []) if (!channels.has(c)) problems.push(`notify.defaultRoute names channel "${c}", which is not configured`);
  return problems;
};
