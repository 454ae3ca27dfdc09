import Sqlite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import type { LockOutcome } from '../store.port.js';
import type { Database } from './tables.js';

/** The advisory-lock key of the pipeline on PostgreSQL (one per database: 'SHV1'). */
export const PIPELINE_LOCK_KEY = 0x53485631;

/** The file beside a SQLite database whose exclusive lock is the pipeline lock. */
export const sqliteLockFile = (dbPath: string): string => `${dbPath}.pipeline-lock`;

/**
 * The store-wide pipeline lock (docs/adr/0014-scale-out-locks.md).
 *
 * - PostgreSQL: a session-level `pg_try_advisory_lock` on one connection reserved from the pool
 *   for the whole run, so every process on the same database sees it; a process that dies drops
 *   its connection and with it the lock.
 * - SQLite: `BEGIN EXCLUSIVE` (no waiting) on a separate lock file beside the database, held for
 *   the run: SQLite's own file locking, so another process on the same file (a `harvest pipeline`
 *   beside `serve --schedule`) is refused too, and the OS releases it when a process dies. An
 *   in-memory database has only the in-process flag.
 *
 * Both also refuse a second run inside the same process without a round-trip.
 */
export const createPipelineLock = (db: Kysely<Database>, dialect: DialectName, sqlitePath?: string) => {
  let held = false;
  const withSqliteLock = async <T>(fn: () => Promise<T>): Promise<LockOutcome<T>> => {
    if (!sqlitePath || sqlitePath === ':memory:') return { acquired: true, value: await fn() };
    const lock = new Sqlite(sqliteLockFile(sqlitePath), { timeout: 0 });
    try {
      try {
        lock.exec('BEGIN EXCLUSIVE');
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_BUSY') return { acquired: false };
        throw err;
      }
      return { acquired: true, value: await fn() };
    } finally {
      lock.close();
    }
  };
  return async <T>(fn: () => Promise<T>): Promise<LockOutcome<T>> => {
    if (held) return { acquired: false };
    held = true;
    try {
      if (dialect !== 'postgres') return await withSqliteLock(fn);
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
