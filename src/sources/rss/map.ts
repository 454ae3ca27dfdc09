import { createHash } from 'node:crypto';
import { contentHash } from '../../domain/content-hash.js';
import type { NewItem } from '../../domain/item.js';
import { htmlToPlainText, oneLine } from '../shared/html-text.js';
import { isoFromDate } from '../shared/run-queries.js';
import type { FeedEntry } from './parse.js';

/**
 * The identity of an entry within its feed: the GUID/id when present, else a hash of link + title
 * (so an entry keeps its identity when its body is edited). Long ids are hashed to fit.
 */
export const entryIdentity = (e: Pick<FeedEntry, 'guid' | 'link' | 'title'>): string => {
  const guid = e.guid?.trim();
  if (guid) return guid.length <= 200 ? guid : `sha256:${createHash('sha256').update(guid).digest('hex')}`;
  return `hash:${createHash('sha256').update(`${e.link ?? ''}\n${e.title ?? ''}`).digest('hex').slice(0, 40)}`;
};

/** True when the entry has something to keep (an empty `<entry/>` has not). */
export const isUsableEntry = (e: FeedEntry): boolean => e.title !== undefined || e.link !== undefined || e.body !== undefined;

/** An entry → NewItem, keyed `<feed name>:<identity>`; HTML is reduced to text. */
export const mapFeedEntry = (e: FeedEntry, ctx: { feedName: string; fetchedAt: string }): NewItem => {
  const title = e.title === undefined ? null : oneLine(htmlToPlainText(e.title)) || null;
  const body = htmlToPlainText(e.body ?? '');
  const textBody = body === '' ? (title ?? '') : body;
  return {
    source: 'rss',
    externalId: `${ctx.feedName}:${entryIdentity(e)}`,
    url: e.link ?? (e.guid && /^https?:\/\//.test(e.guid) ? e.guid : null),
    author: { id: null, handle: null, name: e.author ? oneLine(e.author) : null, followers: null },
    title,
    text: textBody,
    lang: null,
    createdAt: isoFromDate(e.date) ?? ctx.fetchedAt,
    fetchedAt: ctx.fetchedAt,
    metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0 },
    queries: [ctx.feedName],
    contentHash: contentHash(title, textBody),
    raw: e.raw,
  };
};
