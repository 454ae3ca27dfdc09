import type { Kysely } from 'kysely';
import type { SourceName } from '../../domain/item.js';
import type { MuteFilter } from '../../domain/mute.js';
import type { DialectName } from '../dialects/dialect.js';
import type { SignalListQuery, SignalRow, StoreStats, TopQuery } from '../store.port.js';
import { itemsMuteView } from './mute-filter.js';
import { countBy } from './rows.js';
import { SIGNAL_COLUMNS, scoredSignals, toScoredSignals, whereSignals } from './signal-rows.js';
import type { Reads } from './sqlite-reader.js';
import type { Database } from './tables.js';

/** Analysed and scored signals with the one column selection; callers add filters and order. */
export const signalsQuery = (db: Kysely<Database>) => scoredSignals(db).select(SIGNAL_COLUMNS);

export const selectTop = async (db: Kysely<Database>, dialect: DialectName, q: TopQuery): Promise<SignalRow[]> => {
  // Ties broken by id (newest first): `salience, item_id` is exactly what the salience index holds
  // on SQLite (item_id is the rowid), so the top N is an index scan that stops after N rows.
  const rows = await whereSignals(signalsQuery(db), q, { dialect, scope: 'content' }).orderBy('s.salience', 'desc').orderBy('s.item_id', 'desc').limit(q.limit).execute();
  return toScoredSignals(rows);
};

/** The item list (`GET /items`, exports): a search or a filter may read many rows, so it runs on `reads` (off the event loop on SQLite). */
export const selectSignalList = async (db: Kysely<Database>, reads: Reads, q: SignalListQuery): Promise<SignalRow[]> => {
  let query = whereSignals(signalsQuery(db), q, { dialect: reads.dialect, scope: 'content' });
  if (q.beforeId !== undefined) query = query.where('i.id', '<', q.beforeId);
  const rows = await reads.all(query.orderBy('i.id', 'desc').limit(q.limit));
  return toScoredSignals(rows);
};

export const selectSignal = async (db: Kysely<Database>, where: { id: number } | { externalId: string; source?: SourceName }): Promise<SignalRow | undefined> => {
  let query = signalsQuery(db);
  if ('id' in where) query = query.where('i.id', '=', where.id);
  else {
    query = query.where('i.external_id', '=', where.externalId);
    if (where.source !== undefined) query = query.where('i.source', '=', where.source);
  }
  const row = await query.orderBy('i.id').executeTakeFirst();
  return row ? toScoredSignals([row])[0] : undefined;
};

export const selectSignalsPage = async (db: Kysely<Database>, afterId: number, limit: number, mutes?: MuteFilter): Promise<SignalRow[]> => {
  let query = signalsQuery(db).where('i.id', '>', afterId);
  if (mutes !== undefined) query = query.where(itemsMuteView('i', mutes));
  const rows = await query.orderBy('i.id').limit(limit).execute();
  return toScoredSignals(rows);
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
