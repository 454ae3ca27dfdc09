import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { createRequire } from 'node:module';
import type PgTypes from 'pg';
import { Kysely, PostgresDialect, SqliteAdapter, SqliteDialect, type DialectAdapter, type LogConfig, type LogEvent } from 'kysely';
import { storeUnavailable } from '../../domain/errors.js';
import type { DialectName } from '../dialects/dialect.js';
import type { Database } from './tables.js';

export interface DbOptions {
  /** SQLite file path (":memory:" allowed); ignored when `url` is set. */
  path: string;
  /** postgres:// URL; selects PostgreSQL. */
  url?: string;
  busyTimeoutMs?: number;
  poolSize?: number;
  /** Called after every SQL statement (metrics): its text, outcome and duration in seconds. */
  onQuery?: (sqlText: string, outcome: 'ok' | 'error', seconds: number) => void;
}

export interface Db {
  db: Kysely<Database>;
  dialect: DialectName;
  /** The better-sqlite3 connection behind `db` (SQLite only), for the prepared-statement write path. */
  sqlite?: Sqlite.Database;
}

/** pg loads only when PostgreSQL is configured (it costs start-up time on the SQLite default). */
let pgModule: typeof PgTypes | undefined;
const loadPg = (): typeof PgTypes => {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as typeof PgTypes;
    // int8 (counts, bigserial ids, bigint counters) as numbers: every value we store fits in 2^53.
    pgModule.types.setTypeParser(20, (v: string) => Number(v));
  }
  return pgModule;
};

/** Kysely's query log, forwarded to `onQuery` (statement text and duration only; never parameters). */
const queryLog = (opts: DbOptions): LogConfig | undefined => {
  const onQuery = opts.onQuery;
  if (!onQuery) return undefined;
  return (event: LogEvent) => onQuery(event.query.sql, event.level === 'error' ? 'error' : 'ok', event.queryDurationMillis / 1000);
};

const openSqlite = (opts: DbOptions): Db => {
  const file = opts.path === ':memory:' ? ':memory:' : resolve(opts.path);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let database: Sqlite.Database;
  try {
    database = new Sqlite(file, { timeout: opts.busyTimeoutMs ?? 5000 });
  } catch (err) {
    throw storeUnavailable(`cannot open SQLite database ${file}: ${(err as Error).message}`, { cause: err });
  }
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('wal_autocheckpoint = 10000');
  database.pragma('cache_size = -32000');
  database.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
  return { db: new Kysely<Database>({ dialect: new TransactionalDdlSqliteDialect({ database }), log: queryLog(opts) }), dialect: 'sqlite', sqlite: database };
};

/**
 * SQLite runs DDL inside transactions, but Kysely's SQLite adapter says it cannot, so its migrator
 * would apply migrations one statement at a time: a process killed mid-migration left a half-built
 * schema that the next start could not migrate ("duplicate column name"). Declaring transactional
 * DDL makes the migrator apply all pending migrations in one transaction, all or nothing.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class TransactionalDdlSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

const openPostgres = (url: string, opts: DbOptions): Db => {
  const pool = new (loadPg().Pool)({ connectionString: url, max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // A client checked out by a query has no pool listener; when its connection drops mid-query pg
  // emits 'error' on it, which would crash the process. The query itself still rejects with the
  // error (and readiness answers 503), so a no-op listener on every client is enough.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: queryLog(opts) }), dialect: 'postgres' };
};

/** Opens the configured database: PostgreSQL when a postgres URL is given, else SQLite. */
export const openDb = (opts: DbOptions): Db => (opts.url ? openPostgres(opts.url, opts) : openSqlite(opts));
