import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import type { LockOutcome } from '../store.port.js';
import type { Database } from './tables.js';

/** The advisory-lock key of the pipeline on PostgreSQL (one per database: 'SHV1'). */
export const PIPELINE_LOCK_KEY = 0x53485631;

/**
 * The store-wide pipeline lock (docs/adr/0014-scale-out-locks.md).
 *
 * - PostgreSQL: a session-level `pg_try_advisory_lock` on one connection reserved from the pool
 *   for the whole run, so every process on the same database sees it; a process that dies drops
 *   its connection and with it the lock.
 * - SQLite: one process owns the file (the single overlay), so an in-process flag is the lock.
 *
 * Both also refuse a second run inside the same process without a round-trip.
 */
export const createPipelineLock = (db: Kysely<Database>, dialect: DialectName) => {
  let held = false;
  return async <T>(fn: () => Promise<T>): Promise<LockOutcome<T>> => {
    if (held) return { acquired: false };
    held = true;
    try {
      if (dialect !== 'postgres') return { acquired: true, value: await fn() };
      return await db.connection().execute(async (conn): Promise<LockOutcome<T>> => {
        const r = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${PIPELINE_LOCK_KEY}) as locked`.execute(conn);
        if (r.rows[0]?.locked !== true) return { acquired: false };
        try {
          return { acquired: true, value: await fn() };
        } finally {
          await sql`select pg_advisory_unlock(${PIPELINE_LOCK_KEY})`.execute(conn).catch(() => undefined);
        }
      });
    } finally {
      held = false;
    }
  };
};
