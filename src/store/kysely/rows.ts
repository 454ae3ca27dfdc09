import type { Selectable } from 'kysely';
import type { Category, Sentiment } from '../../domain/analysis.js';
import type { Item, SourceName } from '../../domain/item.js';
import type { ScoreBreakdown } from '../../domain/score.js';
import type { SignalRow } from '../store.port.js';
import type { ItemsTable } from './tables.js';

/** Parses JSON we wrote ourselves; a corrupt cell degrades to the fallback instead of failing a run. */
/** A case-insensitive substring pattern for `like … escape '\\'`: `%`, `_` and `\\` in the search match literally. */
export const likePattern = (search: string): string => `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const parseJson = <T>(text: string | null | undefined, fallback: T): T => {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export const toItem = (r: Selectable<ItemsTable>): Item => ({
  id: Number(r.id),
  source: r.source as SourceName,
  externalId: r.external_id,
  url: r.url,
  author: { id: r.author_id, handle: r.author_handle, name: r.author_name, followers: r.author_followers === null ? null : Number(r.author_followers) },
  title: r.title,
  text: r.text,
  lang: r.lang,
  createdAt: r.created_at,
  fetchedAt: r.fetched_at,
  metrics: { likes: Number(r.likes), reposts: Number(r.reposts), replies: Number(r.replies), quotes: Number(r.quotes), views: Number(r.views) },
  queries: parseJson<string[]>(r.queries, []),
  contentHash: r.content_hash,
  raw: parseJson<unknown>(r.raw, null),
});

/** The columns a SignalRow is built from (items ⋈ analyses ⋈ scores). */
export interface SignalSelect {
  id: number;
  source: string;
  external_id: string;
  url: string | null;
  author_handle: string | null;
  author_name: string | null;
  title: string | null;
  text: string;
  created_at: string;
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  views: number;
  category: string;
  sentiment: string;
  sentiment_score: number;
  urgency: number;
  confidence: number;
  tags: string;
  reasoning: string;
  salience: number;
  breakdown: string;
}

export const toSignal = (r: SignalSelect): SignalRow => ({
  id: Number(r.id),
  source: r.source as SourceName,
  externalId: r.external_id,
  url: r.url,
  authorHandle: r.author_handle,
  authorName: r.author_name,
  title: r.title,
  text: r.text,
  createdAt: r.created_at,
  metrics: { likes: Number(r.likes), reposts: Number(r.reposts), replies: Number(r.replies), quotes: Number(r.quotes), views: Number(r.views) },
  category: r.category as Category,
  sentiment: r.sentiment as Sentiment,
  sentimentScore: Number(r.sentiment_score),
  urgency: Number(r.urgency),
  confidence: Number(r.confidence),
  tags: parseJson<string[]>(r.tags, []),
  reasoning: r.reasoning,
  salience: Number(r.salience),
  breakdown: parseJson<ScoreBreakdown>(r.breakdown, {} as ScoreBreakdown),
});
