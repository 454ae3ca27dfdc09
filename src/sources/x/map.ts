import { z } from 'zod';
import { contentHash } from '../../domain/content-hash.js';
import type { Author, Metrics, NewItem } from '../../domain/item.js';

/** Numeric id as X sends it (a 64-bit snowflake, always a string in v2). */
const tweetId = z.string().regex(/^[0-9]{1,19}$/, 'expected a numeric id string');
/** Optional fields never fail a response: a surprising value is treated as absent. */
const optionalString = z.string().optional().catch(undefined);
const optionalCount = z.number().int().nonnegative().optional().catch(undefined);

const tweetMetricsSchema = z.looseObject({
  like_count: optionalCount,
  retweet_count: optionalCount,
  /** The newest OpenAPI spec renames retweet_count; accept both. */
  repost_count: optionalCount,
  reply_count: optionalCount,
  quote_count: optionalCount,
  impression_count: optionalCount,
});

/** Loose objects keep every field X sends, so `raw` is the tweet as received. */
export const xTweetSchema = z.looseObject({
  id: tweetId,
  text: z.string(),
  author_id: optionalString,
  created_at: optionalString,
  lang: optionalString,
  conversation_id: optionalString,
  public_metrics: tweetMetricsSchema.optional().catch(undefined),
});

export const xUserSchema = z.looseObject({
  id: z.string(),
  username: optionalString,
  name: optionalString,
  public_metrics: z.looseObject({ followers_count: optionalCount }).optional().catch(undefined),
});

/** `GET /2/tweets/search/recent` 200 body; `errors[]` are partial errors next to the data. */
export const xSearchResponseSchema = z.looseObject({
  data: z.array(xTweetSchema).optional(),
  includes: z.looseObject({ users: z.array(xUserSchema).optional() }).optional(),
  meta: z
    .looseObject({
      newest_id: tweetId.optional(),
      oldest_id: tweetId.optional(),
      result_count: z.number().int().nonnegative().optional(),
      next_token: z.string().min(1).optional(),
    })
    .optional(),
  errors: z.array(z.looseObject({})).optional(),
});

export type XTweet = z.infer<typeof xTweetSchema>;
export type XUser = z.infer<typeof xUserSchema>;
export type XSearchResponse = z.infer<typeof xSearchResponseSchema>;

export type ParseResult = { ok: true; value: XSearchResponse } | { ok: false; problem: string };

/** Parses a response body; `problem` names what was wrong (never throws). */
export const parseXSearchBody = (body: string): ParseResult => {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, problem: `body is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})` };
  }
  const parsed = xSearchResponseSchema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
  return { ok: false, problem: `unexpected response shape (${issues.join('; ')})` };
};

export interface MapContext {
  queryName: string;
  /** ISO-8601 UTC, from the injected clock. */
  fetchedAt: string;
}

/** X's language codes that name no language (undetermined, media only, hashtags only, …). */
const NON_LANGUAGES = new Set(['und', 'zxx', 'qam', 'qct', 'qht', 'qme', 'qst']);
/** Snowflake epoch: ids since Nov 2010 carry their creation time in milliseconds. */
const SNOWFLAKE_EPOCH_MS = 1288834974657n;
/** Ids below this predate snowflakes (sequential ids, no time inside). */
const MIN_SNOWFLAKE = 29_700_859_247n;

/** ISO time of `created_at`, else the time inside the snowflake id, else `fallback`. */
export const tweetCreatedAt = (tweet: Pick<XTweet, 'id' | 'created_at'>, fallback: string): string => {
  if (tweet.created_at !== undefined) {
    const ms = Date.parse(tweet.created_at);
    if (!Number.isNaN(ms)) return new Date(ms).toISOString();
  }
  const id = BigInt(tweet.id);
  if (id < MIN_SNOWFLAKE) return fallback;
  return new Date(Number((id >> 22n) + SNOWFLAKE_EPOCH_MS)).toISOString();
};

/** X escapes exactly these three entities in `text`. */
export const unescapeTweetText = (text: string): string =>
  text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const mapMetrics = (m: XTweet['public_metrics']): Metrics => ({
  likes: m?.like_count ?? 0,
  reposts: m?.retweet_count ?? m?.repost_count ?? 0,
  replies: m?.reply_count ?? 0,
  quotes: m?.quote_count ?? 0,
  views: m?.impression_count ?? 0,
});

const mapAuthor = (authorId: string | undefined, user: XUser | undefined): Author => ({
  id: authorId ?? user?.id ?? null,
  handle: user?.username ?? null,
  name: user?.name ?? null,
  followers: user?.public_metrics?.followers_count ?? null,
});

const mapLang = (lang: string | undefined): string | null =>
  lang === undefined || lang === '' || NON_LANGUAGES.has(lang) ? null : lang;

/** One tweet → NewItem; `users` is `includes.users` indexed by id. */
export const mapTweet = (tweet: XTweet, users: ReadonlyMap<string, XUser>, ctx: MapContext): NewItem => {
  const user = tweet.author_id === undefined ? undefined : users.get(tweet.author_id);
  const text = unescapeTweetText(tweet.text);
  return {
    source: 'x',
    externalId: tweet.id,
    url: user?.username ? `https://x.com/${user.username}/status/${tweet.id}` : `https://x.com/i/status/${tweet.id}`,
    author: mapAuthor(tweet.author_id, user),
    title: null,
    text,
    lang: mapLang(tweet.lang),
    createdAt: tweetCreatedAt(tweet, ctx.fetchedAt),
    fetchedAt: ctx.fetchedAt,
    metrics: mapMetrics(tweet.public_metrics),
    queries: [ctx.queryName],
    contentHash: contentHash(null, text),
    raw: tweet,
  };
};

/** A parsed search response → items, in the order X sent them (newest first). */
export const mapXSearchResponse = (res: XSearchResponse, ctx: MapContext): NewItem[] => {
  const users = new Map((res.includes?.users ?? []).map((u) => [u.id, u] as const));
  return (res.data ?? []).map((t) => mapTweet(t, users, ctx));
};

/** The newest id of a page: `meta.newest_id`, else the largest id in `data`. */
export const newestTweetId = (res: XSearchResponse): string | undefined => {
  if (res.meta?.newest_id !== undefined) return res.meta.newest_id;
  let newest: bigint | undefined;
  for (const t of res.data ?? []) {
    const id = BigInt(t.id);
    if (newest === undefined || id > newest) newest = id;
  }
  return newest?.toString();
};
