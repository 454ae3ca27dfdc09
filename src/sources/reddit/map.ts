import { z } from 'zod';
import { contentHash } from '../../domain/content-hash.js';
import type { NewItem } from '../../domain/item.js';
import { isoFromUnixSeconds } from '../shared/run-queries.js';

const optionalString = z.string().nullish().catch(undefined);
const optionalCount = z.number().int().nullish().catch(undefined);

/** A post (`kind: t3`); `created_utc` is an int in some recordings and a float in others. */
export const redditPostSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().regex(/^t3_[a-z0-9]+$/i, 'expected a post fullname such as t3_abc'),
  created_utc: z.number().nonnegative(),
  title: z.string(),
  selftext: optionalString,
  author: optionalString,
  author_fullname: optionalString,
  permalink: optionalString,
  url: optionalString,
  subreddit: optionalString,
  score: optionalCount,
  ups: optionalCount,
  num_comments: optionalCount,
  num_crossposts: optionalCount,
});

export const redditListingResponseSchema = z.looseObject({
  kind: z.literal('Listing'),
  data: z.looseObject({
    after: z.string().nullish(),
    children: z.array(z.looseObject({ kind: z.string(), data: z.unknown() })),
  }),
});

export type RedditPost = z.infer<typeof redditPostSchema>;

/** One post → NewItem: score → likes, comments → replies, crossposts → reposts. */
export const mapRedditPost = (post: RedditPost, ctx: { queryName: string; fetchedAt: string }): NewItem => {
  const author = post.author && post.author !== '[deleted]' ? post.author : null;
  const text = post.selftext ?? '';
  return {
    source: 'reddit',
    externalId: post.name,
    url: post.permalink ? `https://www.reddit.com${post.permalink}` : (post.url ?? null),
    author: { id: post.author_fullname ?? null, handle: author, name: null, followers: null },
    title: post.title,
    text,
    lang: null,
    createdAt: isoFromUnixSeconds(post.created_utc),
    fetchedAt: ctx.fetchedAt,
    metrics: { likes: Math.max(0, post.score ?? post.ups ?? 0), reposts: Math.max(0, post.num_crossposts ?? 0), replies: Math.max(0, post.num_comments ?? 0), quotes: 0, views: 0 },
    queries: [ctx.queryName],
    contentHash: contentHash(post.title, text),
    raw: post,
  };
};
