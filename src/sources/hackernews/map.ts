import { z } from 'zod';
import { contentHash } from '../../domain/content-hash.js';
import type { NewItem } from '../../domain/item.js';
import { htmlToPlainText } from '../shared/html-text.js';
import { isoFromUnixSeconds } from '../shared/run-queries.js';

const optionalString = z.string().nullish().catch(undefined);
const optionalCount = z.number().int().nonnegative().nullish().catch(undefined);

/** One Algolia hit; loose, so `raw` keeps every field. */
export const hnHitSchema = z.looseObject({
  objectID: z.string().min(1),
  created_at_i: z.number().int().nonnegative(),
  created_at: optionalString,
  title: optionalString,
  url: optionalString,
  author: optionalString,
  points: optionalCount,
  num_comments: optionalCount,
  story_text: optionalString,
  comment_text: optionalString,
  story_title: optionalString,
  story_url: optionalString,
  story_id: z.number().int().nullish().catch(undefined),
  _tags: z.array(z.string()).optional().catch(undefined),
});

export const hnSearchResponseSchema = z.looseObject({
  hits: z.array(z.unknown()),
  page: z.number().int().nonnegative().optional(),
  nbPages: z.number().int().nonnegative().optional(),
  hitsPerPage: z.number().int().optional(),
});

export type HnHit = z.infer<typeof hnHitSchema>;

const HN_ITEM = 'https://news.ycombinator.com/item?id=';

/** One hit → NewItem: points → likes, comments → replies; a comment's title is its story's. */
export const mapHnHit = (hit: HnHit, ctx: { queryName: string; fetchedAt: string }): NewItem => {
  const isComment = hit._tags?.includes('comment') ?? (hit.comment_text !== undefined && hit.comment_text !== null);
  const title = isComment ? (hit.story_title ? `Re: ${hit.story_title}` : null) : (hit.title ?? null);
  const text = htmlToPlainText((isComment ? hit.comment_text : hit.story_text) ?? '');
  return {
    source: 'hackernews',
    externalId: hit.objectID,
    url: isComment ? `${HN_ITEM}${hit.objectID}` : (hit.url ?? `${HN_ITEM}${hit.objectID}`),
    author: { id: hit.author ?? null, handle: hit.author ?? null, name: null, followers: null },
    title,
    text,
    lang: null,
    createdAt: isoFromUnixSeconds(hit.created_at_i),
    fetchedAt: ctx.fetchedAt,
    metrics: { likes: hit.points ?? 0, reposts: 0, replies: hit.num_comments ?? 0, quotes: 0, views: 0 },
    queries: [ctx.queryName],
    contentHash: contentHash(title, text),
    raw: hit,
  };
};
