import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { CompiledQuery, Compilable, Kysely } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import type { Database } from './tables.js';

/**
 * How a repository runs its heavy reads (searches, signal pages, export pages). better-sqlite3 is
 * synchronous: a 100 ms query is 100 ms in which the server answers nothing, liveness probes
 * included (issue 13). On a SQLite file these reads run on a worker thread with its own read-only
 * connection (WAL: it sees every committed write and blocks no writer); on PostgreSQL, or an
 * in-memory SQLite database, through Kysely as usual.
 */
export interface Reads {
  dialect: DialectName;
  all<R>(query: Compilable<R>): Promise<R[]>;
}

/** Reads through Kysely on the calling connection. */
export const inlineReads = (db: Kysely<Database>, dialect: DialectName): Reads => ({
  dialect,
  all: async <R>(query: Compilable<R>) => (await db.executeQuery(query.compile())).rows,
});

export interface SqliteReader extends Reads {
  close(): Promise<void>;
}

interface Reply {
  id: number;
  rows?: unknown[];
  error?: { message: string; code?: string };
}

// The worker: a CommonJS script (eval), so it needs no file of its own in the bundle. It opens the
// database read-only and runs one statement per message, its prepared statements cached.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
db.pragma('cache_size = -32000');
const statements = new Map();
parentPort.on('message', ({ id, sql, parameters }) => {
  try {
    let st = statements.get(sql);
    if (!st) { st = db.prepare(sql); statements.set(sql, st); }
    parentPort.postMessage({ id, rows: st.all(...parameters) });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: String(err && err.message), code: err && err.code } });
  }
});
`;

/** A query error from the worker, with SQLite's code kept (the store maps SQLITE_BUSY to retryable). */
const readError = (e: NonNullable<Reply['error']>): Error => Object.assign(new Error(e.message), e.code === undefined ? {} : { code: e.code });

/**
 * Runs compiled read-only queries on one worker thread (started on first use, restarted after a
 * crash). One is enough: the point is a free event loop, and the machine's other core stays for it.
 */
export const createSqliteReader = (file: string, opts: { busyTimeoutMs?: number; onQuery?: (sqlText: string, outcome: 'ok' | 'error', seconds: number) => void } = {}): SqliteReader => {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (err: Error) => void; sql: string; t0: number }>();
  let worker: Worker | undefined;
  let nextId = 1;
  let closed = false;

  const failAll = (err: Error): void => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const start = (): Worker => {
    const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, busyTimeoutMs: opts.busyTimeoutMs ?? 5000 } });
    w.unref(); // an idle reader never keeps the process alive
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      opts.onQuery?.(p.sql, reply.error ? 'error' : 'ok', (performance.now() - p.t0) / 1000);
      if (reply.error) p.reject(readError(reply.error));
      else p.resolve(reply.rows ?? []);
    });
    w.on('error', (err) => {
      worker = undefined;
      failAll(err);
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('the SQLite read worker exited'));
    });
    return w;
  };

  const run = (q: CompiledQuery): Promise<unknown[]> =>
    new Promise<unknown[]>((resolve, reject) => {
      if (closed) throw new Error('the store is closed');
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve, reject, sql: q.sql, t0: performance.now() });
      // A pending query keeps the process alive, as it would on the main thread.
      if (pending.size === 1) worker.ref();
      worker.postMessage({ id, sql: q.sql, parameters: q.parameters });
    }).finally(() => {
      if (pending.size === 0) worker?.unref();
    });

  return {
    dialect: 'sqlite',
    all: async <R>(query: Compilable<R>) => (await run(query.compile())) as R[],
    async close() {
      closed = true;
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
};
