import type { Kysely, Selectable } from 'kysely';
import type { RunRecord, RunsRepository } from '../store.port.js';
import { parseJson } from './rows.js';
import type { Database } from './tables.js';

export const createRunsRepository = (db: Kysely<Database>): RunsRepository => ({
  async start(trigger, now) {
    const r = await db
      .insertInto('pipeline_runs')
      .values({ started_at: now, status: 'running', trigger, stats: '{}' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  },

  async finish(id, status, stats, now, error) {
    await db
      .updateTable('pipeline_runs')
      .set({ status, stats: JSON.stringify(stats), finished_at: now, error: error ?? null })
      .where('id', '=', id)
      .execute();
  },

  async markInterrupted(now) {
    const r = await db
      .updateTable('pipeline_runs')
      .set({ status: 'interrupted', finished_at: now, error: 'process stopped before the run finished' })
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async recent(limit) {
    const rows = await db.selectFrom('pipeline_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRunRecord);
  },

  async lastWithStatus(status) {
    const row = await db.selectFrom('pipeline_runs').selectAll().where('status', '=', status).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? toRunRecord(row) : undefined;
  },
});

const toRunRecord = (r: Selectable<Database['pipeline_runs']>): RunRecord => ({
  id: Number(r.id),
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  status: r.status as RunRecord['status'],
  trigger: r.trigger,
  stats: parseJson<Record<string, unknown>>(r.stats, {}),
  error: r.error,
});
