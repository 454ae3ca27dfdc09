import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql, type ExpressionBuilder, type Kysely, type Selectable, type UpdateObject } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import { TERMINAL_JOB_STATUSES, type Job, type JobKind, type JobStatus, type JobsRepository } from '../jobs.port.js';
import { parseJson } from './rows.js';
import type { Database, JobsTable } from './tables.js';

const ACTIVE: JobStatus[] = ['queued', 'running'];
const FINISHED: JobStatus[] = [...TERMINAL_JOB_STATUSES];

type JobUpdate = UpdateObject<Database, 'jobs'> | ((eb: ExpressionBuilder<Database, 'jobs'>) => UpdateObject<Database, 'jobs'>);

const toJob = (r: Selectable<JobsTable>): Job => ({
  id: r.id,
  kind: r.kind as JobKind,
  status: r.status as JobStatus,
  total: Number(r.total),
  done: Number(r.done),
  failed: Number(r.failed),
  params: parseJson<Record<string, unknown>>(r.params, {}),
  result: parseJson<Record<string, unknown> | null>(r.result, null),
  error: r.error,
  cancelRequested: Number(r.cancel_requested) !== 0,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  heartbeatAt: r.heartbeat_at,
  owner: r.owner ?? null,
});

/**
 * Runs `fn` holding an exclusive lock named `key`, in one transaction: a PostgreSQL transaction-scoped
 * advisory lock, or SQLite's BEGIN IMMEDIATE (the database write lock, waited for up to busy_timeout).
 */
const exclusively = async <T>(db: Kysely<Database>, key: string, fn: (tx: Kysely<Database>) => Promise<T>): Promise<T> => {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
      return fn(trx);
    });
  }
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const out = await fn(conn);
      await sql`commit`.execute(conn);
      return out;
    } catch (err) {
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
};

export const createJobsRepository = (db: Kysely<Database>, clock: Clock): JobsRepository => {
  const now = (): string => clock.now().toISOString();
  const byId = async (id: string, on: Kysely<Database> = db): Promise<Job | undefined> => {
    const r = await on.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toJob(r) : undefined;
  };
  /** Updates job `id` while its status is one of `from`; the job as it is now, or undefined when it is not. */
  const updateWhile = async (id: string, from: readonly JobStatus[], set: JobUpdate): Promise<Job | undefined> => {
    const r = await db.updateTable('jobs').set(set).where('id', '=', id).where('status', 'in', from).returningAll().executeTakeFirst();
    return r ? toJob(r) : undefined;
  };
  const insert = async (on: Kysely<Database>, kind: JobKind, params: Record<string, unknown>, total: number, owner: string | undefined): Promise<Job> => {
    const at = now();
    const r = await on
      .insertInto('jobs')
      .values({ id: randomUUID(), kind, status: 'queued', total, done: 0, failed: 0, params: JSON.stringify(params), result: null, error: null, cancel_requested: 0, created_at: at, updated_at: at, heartbeat_at: null, owner: owner ?? null })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toJob(r);
  };

  return {
    create: (kind, params, total, owner) => insert(db, kind, params, total, owner),

    createExclusive: (kind, params, total, owner) =>
      exclusively(db, `jobs:${kind}`, async (tx) => {
        const active = await tx.selectFrom('jobs').select('id').where('kind', '=', kind).where('status', 'in', ACTIVE).executeTakeFirst();
        return active ? undefined : insert(tx, kind, params, total, owner);
      }),

    get: (id) => byId(id),

    async claim(id) {
      const at = now();
      const r = await db
        .updateTable('jobs')
        .set({ status: 'running', updated_at: at, heartbeat_at: at })
        .where('id', '=', id)
        .where('status', '=', 'queued')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    progress: (id, delta = {}) => {
      const at = now();
      return updateWhile(id, ['running'], (eb) => ({ done: eb('done', '+', delta.done ?? 0), failed: eb('failed', '+', delta.failed ?? 0), updated_at: at, heartbeat_at: at }));
    },

    markStatus: (id, status, result, error) =>
      updateWhile(id, ACTIVE, {
        status,
        updated_at: now(),
        ...(result === undefined ? {} : { result: JSON.stringify(result) }),
        ...(error === undefined ? {} : { error }),
      }),

    requestCancel: (id) =>
      // One statement: a queued job is cancelled outright; a running one is flagged for its runner.
      updateWhile(id, ACTIVE, (eb) => ({
        cancel_requested: 1,
        status: eb.case().when('status', '=', 'queued').then('cancelled').else(eb.ref('status')).end(),
        updated_at: now(),
      })),

    async failOrphaned(isGone, reason) {
      const active = await db.selectFrom('jobs').select(['id', 'owner']).where('status', 'in', ACTIVE).where('owner', 'is not', null).execute();
      const gone = active.filter((j) => j.owner !== null && isGone(j.owner)).map((j) => j.id);
      if (gone.length === 0) return 0;
      const r = await db.updateTable('jobs').set({ status: 'failed', error: reason, updated_at: now() }).where('id', 'in', gone).where('status', 'in', ACTIVE).executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async deleteFinished(id) {
      const r = await db.deleteFrom('jobs').where('id', '=', id).where('status', 'in', FINISHED).returningAll().executeTakeFirst();
      return r ? toJob(r) : undefined;
    },

    async prune(endedBefore) {
      // A terminal job is never updated again, so updated_at is when it ended.
      const r = await db.deleteFrom('jobs').where('status', 'in', FINISHED).where('updated_at', '<', endedBefore).executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async failStale(olderThan) {
      const lastSign = sql<string>`coalesce(heartbeat_at, updated_at)`;
      // Read first: the common case (nothing stale) then takes no write lock.
      const any = await db.selectFrom('jobs').select('id').where('status', 'in', ACTIVE).where(lastSign, '<', olderThan).executeTakeFirst();
      if (!any) return 0;
      const r = await db
        .updateTable('jobs')
        .set({ status: 'failed', error: sql<string>`cast(${'interrupted: no heartbeat since '} as text) || ${lastSign}`, updated_at: now() })
        .where('status', 'in', ACTIVE)
        .where(lastSign, '<', olderThan)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
};
