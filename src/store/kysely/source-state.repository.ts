import type { Kysely } from 'kysely';
import type { SourceName } from '../../domain/item.js';
import type { SourcePartRecord, SourceStateRecord, SourceStateRepository } from '../source-state.port.js';
import { countBy } from './rows.js';
import type { Database } from './tables.js';

const count = (n: number | string | null): number | null => (n === null ? null : Number(n));

/**
 * Per-source health rows (migration 0005_source_state), one upsert per source run, and per-part
 * rows (0008_source_parts_health), one upsert per part of the run.
 */
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

  async recordPartial(source, at, fetchedCount, error) {
    const row = { last_success_at: at, last_error_at: at, last_error: error, consecutive_failures: 0, rate_limited_until: null, last_fetched_count: fetchedCount, updated_at: at };
    await db
      .insertInto('source_state')
      .values({ source, ...row })
      .onConflict((oc) => oc.column('source').doUpdateSet(row))
      .execute();
  },

  async recordParts(source, at, parts) {
    if (parts.length === 0) return;
    await db.transaction().execute(async (trx) => {
      for (const p of parts) {
        const base = trx.insertInto('source_part_state');
        if (p.error === null) {
          const row = { last_success_at: at, consecutive_failures: 0, last_fetched_count: p.fetchedCount, updated_at: at };
          await base
            .values({ source, part_key: p.key, ...row })
            .onConflict((oc) => oc.columns(['source', 'part_key']).doUpdateSet(row))
            .execute();
          continue;
        }
        const error = p.error;
        await base
          .values({ source, part_key: p.key, last_error_at: at, last_error: error, consecutive_failures: 1, updated_at: at })
          .onConflict((oc) =>
            oc.columns(['source', 'part_key']).doUpdateSet((eb) => ({
              last_error_at: at,
              last_error: error,
              consecutive_failures: eb('source_part_state.consecutive_failures', '+', 1),
              updated_at: at,
            })),
          )
          .execute();
      }
    });
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
        lastFetchedCount: count(r.last_fetched_count),
      }),
    );
  },

  async listParts() {
    const rows = await db.selectFrom('source_part_state').selectAll().orderBy('source').orderBy('part_key').execute();
    return rows.map(
      (r): SourcePartRecord => ({
        source: r.source as SourceName,
        key: r.part_key,
        lastSuccessAt: r.last_success_at,
        lastErrorAt: r.last_error_at,
        lastError: r.last_error,
        consecutiveFailures: Number(r.consecutive_failures),
        lastFetchedCount: count(r.last_fetched_count),
      }),
    );
  },

  itemCounts: () => countBy(db, 'items', 'source'),
});
