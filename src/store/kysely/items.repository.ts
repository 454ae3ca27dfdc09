import type { Kysely, Insertable } from 'kysely';
import type { Item, NewItem, SourceName } from '../../domain/item.js';
import type { UpsertCounts } from '../store.port.js';
import { parseJson, toItem } from './rows.js';
import type { Database, ItemsTable } from './tables.js';

/** Rows per INSERT: 22 columns × 400 stays under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 400;

const toRow = (it: NewItem, queries: string[], now: string): Insertable<ItemsTable> => ({
  source: it.source,
  external_id: it.externalId,
  url: it.url,
  author_id: it.author.id,
  author_handle: it.author.handle,
  author_name: it.author.name,
  author_followers: it.author.followers,
  title: it.title,
  text: it.text,
  lang: it.lang,
  created_at: it.createdAt,
  fetched_at: it.fetchedAt,
  updated_at: now,
  likes: it.metrics.likes,
  reposts: it.metrics.reposts,
  replies: it.metrics.replies,
  quotes: it.metrics.quotes,
  views: it.metrics.views,
  queries: JSON.stringify(queries),
  content_hash: it.contentHash,
  raw: JSON.stringify(it.raw ?? null),
});

/** Keeps the last occurrence of each external id, so one statement never touches a row twice. */
const dedupe = (items: readonly NewItem[]): NewItem[] => [...new Map(items.map((it) => [it.externalId, it])).values()];

/**
 * Inserts new items and updates known ones (metrics, text, queries merged) for one source. Must
 * run inside the caller's transaction. Created-at is kept from the first sighting.
 */
export const upsertItems = async (trx: Kysely<Database>, source: SourceName, items: readonly NewItem[], now: string): Promise<UpsertCounts> => {
  const counts: UpsertCounts = { inserted: 0, updated: 0 };
  const unique = dedupe(items);
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const existing = await trx
      .selectFrom('items')
      .select(['external_id', 'queries'])
      .where('source', '=', source)
      .where(
        'external_id',
        'in',
        chunk.map((it) => it.externalId),
      )
      .execute();
    const known = new Map(existing.map((r) => [r.external_id, parseJson<string[]>(r.queries, [])]));
    const rows = chunk.map((it) => {
      const before = known.get(it.externalId);
      const queries = before ? [...new Set([...before, ...it.queries])].sort() : [...new Set(it.queries)].sort();
      return toRow(it, queries, now);
    });
    await trx
      .insertInto('items')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['source', 'external_id']).doUpdateSet((eb) => ({
          url: eb.ref('excluded.url'),
          author_id: eb.ref('excluded.author_id'),
          author_handle: eb.ref('excluded.author_handle'),
          author_name: eb.ref('excluded.author_name'),
          author_followers: eb.ref('excluded.author_followers'),
          title: eb.ref('excluded.title'),
          text: eb.ref('excluded.text'),
          lang: eb.ref('excluded.lang'),
          fetched_at: eb.ref('excluded.fetched_at'),
          updated_at: eb.ref('excluded.updated_at'),
          likes: eb.ref('excluded.likes'),
          reposts: eb.ref('excluded.reposts'),
          replies: eb.ref('excluded.replies'),
          quotes: eb.ref('excluded.quotes'),
          views: eb.ref('excluded.views'),
          queries: eb.ref('excluded.queries'),
          content_hash: eb.ref('excluded.content_hash'),
          raw: eb.ref('excluded.raw'),
        })),
      )
      .execute();
    counts.updated += known.size;
    counts.inserted += chunk.length - known.size;
  }
  return counts;
};

export const getItemById = async (db: Kysely<Database>, id: number): Promise<Item | undefined> => {
  const row = await db.selectFrom('items').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toItem(row) : undefined;
};

export const findItemByExternalId = async (db: Kysely<Database>, source: SourceName, externalId: string): Promise<Item | undefined> => {
  const row = await db.selectFrom('items').selectAll().where('source', '=', source).where('external_id', '=', externalId).executeTakeFirst();
  return row ? toItem(row) : undefined;
};

/** Items never analysed, or whose content hash moved since their analysis. */
export const selectPendingAnalysis = async (db: Kysely<Database>, afterId: number, limit: number): Promise<Item[]> => {
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('analyses as a', 'a.item_id', 'i.id')
    .selectAll('i')
    .where('i.id', '>', afterId)
    .where((eb) => eb.or([eb('a.item_id', 'is', null), eb('a.content_hash', '<>', eb.ref('i.content_hash'))]))
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map(toItem);
};
