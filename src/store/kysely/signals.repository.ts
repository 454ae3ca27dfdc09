import { sql, type Kysely } from 'kysely';
import type { SourceName } from '../../domain/item.js';
import type { SignalListQuery, SignalRow, StoreStats, TopQuery } from '../store.port.js';
import { likePattern, toSignal, type SignalSelect } from './rows.js';
import type { Database } from './tables.js';

/** items ⋈ analyses ⋈ scores with every column a SignalRow needs; callers add filters and order. */
export const signalsQuery = (db: Kysely<Database>) =>
  db
    .selectFrom('items as i')
    .innerJoin('analyses as a', 'a.item_id', 'i.id')
    .innerJoin('scores as s', 's.item_id', 'i.id')
    .select([
      'i.id',
      'i.source',
      'i.external_id',
      'i.url',
      'i.author_handle',
      'i.author_name',
      'i.title',
      'i.text',
      'i.created_at',
      'i.likes',
      'i.reposts',
      'i.replies',
      'i.quotes',
      'i.views',
      'a.category',
      'a.sentiment',
      'a.sentiment_score',
      'a.urgency',
      'a.confidence',
      'a.tags',
      'a.reasoning',
      's.salience',
      's.breakdown',
    ]);

type SignalsQuery = ReturnType<typeof signalsQuery>;

/** The filters `top` and the item list share; each is applied only when given. */
const filtered = (query: SignalsQuery, f: Omit<SignalListQuery, 'limit' | 'beforeId'>): SignalsQuery => {
  let q = query;
  if (f.category !== undefined) q = q.where('a.category', '=', f.category);
  if (f.sentiment !== undefined) q = q.where('a.sentiment', '=', f.sentiment);
  if (f.source !== undefined) q = q.where('i.source', '=', f.source);
  if (f.minSalience !== undefined) q = q.where('s.salience', '>=', f.minSalience);
  if (f.since !== undefined) q = q.where('i.created_at', '>=', f.since);
  if (f.search !== undefined && f.search !== '') {
    const pattern = likePattern(f.search);
    // ESCAPE makes '%' and '_' in the search literal on both SQLite and PostgreSQL.
    q = q.where(sql<boolean>`(lower(i.text) like ${pattern} escape '\\' or lower(coalesce(i.title, '')) like ${pattern} escape '\\')`);
  }
  return q;
};

export const selectTop = async (db: Kysely<Database>, q: TopQuery): Promise<SignalRow[]> => {
  // Ties broken by id (newest first): `salience, item_id` is exactly what the salience index holds
  // on SQLite (item_id is the rowid), so the top N is an index scan that stops after N rows.
  const rows = await filtered(signalsQuery(db), q).orderBy('s.salience', 'desc').orderBy('s.item_id', 'desc').limit(q.limit).execute();
  return rows.map((r) => toSignal(r as SignalSelect));
};

export const selectSignalList = async (db: Kysely<Database>, q: SignalListQuery): Promise<SignalRow[]> => {
  let query = filtered(signalsQuery(db), q);
  if (q.beforeId !== undefined) query = query.where('i.id', '<', q.beforeId);
  const rows = await query.orderBy('i.id', 'desc').limit(q.limit).execute();
  return rows.map((r) => toSignal(r as SignalSelect));
};

export const selectSignal = async (db: Kysely<Database>, where: { id: number } | { externalId: string; source?: SourceName }): Promise<SignalRow | undefined> => {
  let query = signalsQuery(db);
  if ('id' in where) query = query.where('i.id', '=', where.id);
  else {
    query = query.where('i.external_id', '=', where.externalId);
    if (where.source !== undefined) query = query.where('i.source', '=', where.source);
  }
  const row = await query.orderBy('i.id').executeTakeFirst();
  return row ? toSignal(row as SignalSelect) : undefined;
};

export const selectSignalsPage = async (db: Kysely<Database>, afterId: number, limit: number): Promise<SignalRow[]> => {
  const rows = await signalsQuery(db).where('i.id', '>', afterId).orderBy('i.id').limit(limit).execute();
  return rows.map((r) => toSignal(r as SignalSelect));
};

const countBy = async (db: Kysely<Database>, table: 'items' | 'analyses' | 'notifications', column: 'source' | 'category' | 'sentiment' | 'status'): Promise<Record<string, number>> => {
  const rows = await db
    .selectFrom(table)
    .select((eb) => [eb.ref(column as never).as('key'), eb.fn.countAll<number>().as('n')])
    .groupBy(column as never)
    .execute();
  return Object.fromEntries(rows.map((r) => [String((r as { key: unknown }).key), Number(r.n)]));
};

const count = async (db: Kysely<Database>, table: 'items' | 'analyses' | 'scores'): Promise<number> => {
  const r = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
};

export const selectStats = async (db: Kysely<Database>): Promise<Omit<StoreStats, 'lastRun'>> => {
  const pending = await db
    .selectFrom('items as i')
    .leftJoin('analyses as a', 'a.item_id', 'i.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => eb.or([eb('a.item_id', 'is', null), eb('a.content_hash', '<>', eb.ref('i.content_hash'))]))
    .executeTakeFirstOrThrow();
  return {
    items: await count(db, 'items'),
    analyzed: await count(db, 'analyses'),
    scored: await count(db, 'scores'),
    pendingAnalysis: Number(pending.n),
    bySource: await countBy(db, 'items', 'source'),
    byCategory: await countBy(db, 'analyses', 'category'),
    bySentiment: await countBy(db, 'analyses', 'sentiment'),
    notifications: await countBy(db, 'notifications', 'status'),
  };
};
