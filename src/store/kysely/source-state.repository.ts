import type { Kysely } from 'kysely';
import type { SourceName } from '../../domain/item.js';
import type { SourceStateRecord, SourceStateRepository } from '../source-state.port.js';
import { countBy } from './rows.js';
import type { Database } from './tables.js';

/** Per-source health rows (migration 0005_source_state); one upsert per source run. */
export const createSourceStateRepository = (db: Kysely<Database>): SourceStateRepository => ({
  async recordSuccess(source, at, fetchedCount) {
    await db
      .insertInto('source_state')
      .values({ source, last_success_at: at, consecutive_failures: 0, rate_limited_until: null, last_fetched_count: fetchedCount, updated_at: at })
      .onConflict((oc) =>
        oc.column('source').doUpdateSet({ last_success_at: at, consecutive_failures: 0, rate_limited_until: null, last_fetched_count: fetchedCount, updated_at: at }),
      )
      .execute();
  },

  async recordFailure(source, at, error, rateLimitedUntil) {
    await db
      .insertInto('source_state')
      .values({ source, last_error_at: at, last_error: error, consecutive_failures: 1, rate_limited_until: rateLimitedUntil, updated_at: at })
      .onConflict((oc) =>
        oc.column('source').doUpdateSet((eb) => ({
          last_error_at: at,
          last_error: error,
          consecutive_failures: eb('source_state.consecutive_failures', '+', 1),
          rate_limited_until: rateLimitedUntil,
          updated_at: at,
        })),
      )
      .execute();
  },

  async list() {
    const rows = await db.selectFrom('source_state').selectAll().orderBy('source').execute();
    return rows.map(
      (r): SourceStateRecord => ({
        source: r.source as SourceName,
        lastSuccessAt: r.last_success_at,
        lastErrorAt: r.last_error_at,
        lastError: r.last_error,
        consecutiveFailures: Number(r.consecutive_failures),
        rateLimitedUntil: r.rate_limited_until,
        lastFetchedCount: r.last_fetched_count === null ? null : Number(r.last_fetched_count),
      }),
    );
  },

  itemCounts: () => countBy(db, 'items', 'source'),
});
