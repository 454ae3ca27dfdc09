import { sql, type Kysely } from 'kysely';
import type { SourceName } from '../../domain/item.js';
import type { AnalysisDetail, DashboardRepository, VolumeBucket, VolumeQuery, VolumeRow } from '../dashboard.port.js';
import { toAnalysis } from './analyses.repository.js';
import { itemsMuteView } from './mute-filter.js';
import { allSignals, whereSignals } from './signal-rows.js';
import { countBy } from './rows.js';
import type { Reads } from './sqlite-reader.js';
import type { Database } from './tables.js';

/**
 * Times are ISO-8601 UTC text on both databases (ADR 0003), so a bucket is a prefix of
 * `created_at`: 13 characters for the hour, 10 for the day. `substr` means the same on both.
 */
const PREFIX: Record<VolumeBucket, number> = { hour: 13, day: 10 };
const SUFFIX: Record<VolumeBucket, string> = { hour: ':00:00.000Z', day: 'T00:00:00.000Z' };

const toRows = (rows: ReadonlyArray<{ bucket: string; key: string | null; n: number | string | bigint }>, bucket: VolumeBucket): VolumeRow[] =>
  rows.map((r) => ({ bucket: `${r.bucket}${SUFFIX[bucket]}`, key: r.key ?? 'unanalysed', count: Number(r.n) }));

/** Items per bucket and category (null: not analysed yet) or source; analyses are joined only for the category. */
const volume = async (db: Kysely<Database>, q: VolumeQuery, by: 'category' | 'source'): Promise<VolumeRow[]> => {
  const prefix = sql<string>`substr(i.created_at, 1, ${sql.lit(PREFIX[q.bucket])})`;
  const key = by === 'category' ? sql.ref<string | null>('a.category') : sql.ref<string>('i.source');
  const rows = await db
    .selectFrom('items as i')
    .$if(by === 'category', (qb) => qb.leftJoin('analyses as a', 'a.item_id', 'i.id'))
    .select([prefix.as('bucket'), key.as('key'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('i.created_at', '>=', q.since)
    .$if(q.mutes !== undefined, (qb) => qb.where(itemsMuteView('i', q.mutes!)))
    .groupBy([prefix, key])
    .orderBy(prefix)
    .execute();
  return toRows(rows, q.bucket);
};

/** Dashboard aggregates (src/store/dashboard.port.ts). */
export const createDashboardRepository = (db: Kysely<Database>, reads: Reads): DashboardRepository => ({
  volumeByCategory: (q) => volume(db, q, 'category'),
  volumeBySource: (q) => volume(db, q, 'source'),

  async analysis(itemId: number): Promise<AnalysisDetail | undefined> {
    const r = await db
      .selectFrom('analyses as a')
      .innerJoin('items as i', 'i.id', 'a.item_id')
      .selectAll('a')
      .select(['i.author_name', 'i.author_followers'])
      .where('a.item_id', '=', itemId)
      .executeTakeFirst();
    if (!r) return undefined;
    return { ...toAnalysis(r), authorName: r.author_name, authorFollowers: r.author_followers === null ? null : Number(r.author_followers) };
  },

  async matchingIds(filters, limit) {
    // The same filters as the signals list (one definition), so "all matching" means what the table shows.
    const base = whereSignals(allSignals(db), filters, { dialect: reads.dialect, scope: 'content-and-author' });
    const [counted] = await reads.all(base.select((eb) => eb.fn.countAll<number>().as('n')));
    const rows = await reads.all(base.select('i.id').orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(limit));
    return { ids: rows.map((r) => Number(r.id)), total: Number(counted?.n ?? 0) };
  },

  itemsBySource: () => countBy(db, 'items', 'source') as Promise<Partial<Record<SourceName, number>>>,
});
