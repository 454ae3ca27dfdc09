import type { Kysely, Insertable } from 'kysely';
import type { Item, NewItem, SourceName } from '../../domain/item.js';
import type { SqliteWrites } from '../dialects/sqlite-writes.js';
import type { AnalysisCandidate, UpsertCounts } from '../store.port.js';
import { excludedSet } from './excluded.js';
import { CANDIDATE_COLUMNS, parseJson, toCandidate, toItem } from './rows.js';
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

const ITEM_KEY = ['source', 'external_id'] as const;
/** Every column but the key and created_at (kept from the first sighting). */
const ITEM_UPDATE_COLUMNS = [
  'url',
  'author_id',
  'author_handle',
  'author_name',
  'author_followers',
  'title',
  'text',
  'lang',
  'fetched_at',
  'updated_at',
  'likes',
  'reposts',
  'replies',
  'quotes',
  'views',
  'queries',
  'content_hash',
  'raw',
] as const satisfies ReadonlyArray<keyof ItemsTable>;
const ITEM_COLUMNS = [...ITEM_KEY, 'created_at', ...ITEM_UPDATE_COLUMNS];

const mergeQueries = (before: string[] | undefined, now: readonly string[]): string[] => [...new Set([...(before ?? []), ...now])].sort();

/**
 * SQLite path: a plain insert for new items (the common case, one statement), and for the ones
 * already stored a lookup of their queries, merged, then the update.
 */
const upsertItemsSqlite = (writes: SqliteWrites, source: SourceName, items: readonly NewItem[], now: string): UpsertCounts => {
  const rows = items.map((it) => toRow(it, mergeQueries(undefined, it.queries), now));
  const inserted = writes.insertIgnore('items', ITEM_COLUMNS, ITEM_KEY, rows);
  const known = items.filter((_, i) => !inserted[i]);
  if (known.length > 0) {
    const stored = writes.lookup('items', ['queries'], ['source', 'external_id'], known.map((it) => [source, it.externalId]));
    const updates = known.map((it) => {
      const before = stored.get(`${source}\u0000${it.externalId}`)?.queries;
      return toRow(it, mergeQueries(parseJson<string[]>(before as string | undefined, []), it.queries), now);
    });
    writes.upsert('items', ITEM_COLUMNS, ITEM_KEY, ITEM_UPDATE_COLUMNS, updates);
  }
  return { inserted: items.length - known.length, updated: known.length };
};

/** Query names already stored for these items, by external id (absent = new item). */
const knownQueries = async (trx: Kysely<Database>, source: SourceName, chunk: readonly NewItem[]): Promise<Map<string, string[]>> => {
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
  return new Map(existing.map((r) => [r.external_id, parseJson<string[]>(r.queries, [])]));
};

/** Keeps the last occurrence of each external id, so one statement never touches a row twice. */
const dedupe = (items: readonly NewItem[]): NewItem[] => [...new Map(items.map((it) => [it.externalId, it])).values()];

/**
 * Inserts new items and updates known ones (metrics, text, queries merged) for one source. Must
 * run inside the caller's transaction. Created-at is kept from the first sighting.
 */
export const upsertItems = async (trx: Kysely<Database>, source: SourceName, items: readonly NewItem[], now: string, writes?: SqliteWrites): Promise<UpsertCounts> => {
  const counts: UpsertCounts = { inserted: 0, updated: 0 };
  const unique = dedupe(items);
  if (writes) return upsertItemsSqlite(writes, source, unique, now);
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const known = await knownQueries(trx, source, chunk);
    const rows = chunk.map((it) => toRow(it, mergeQueries(known.get(it.externalId), it.queries), now));
    await trx
      .insertInto('items')
      .values(rows)
      .onConflict((oc) => oc.columns(ITEM_KEY).doUpdateSet(excludedSet<'items'>(ITEM_UPDATE_COLUMNS)))
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
export const selectPendingAnalysis = async (db: Kysely<Database>, afterId: number, limit: number): Promise<AnalysisCandidate[]> => {
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('analyses as a', 'a.item_id', 'i.id')
    .select(CANDIDATE_COLUMNS)
    .where('i.id', '>', afterId)
    .where((eb) => eb.or([eb('a.item_id', 'is', null), eb('a.content_hash', '<>', eb.ref('i.content_hash'))]))
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map(toCandidate);
};
