import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import type { Snapshot, SnapshotFilters, SnapshotFormat, SnapshotStatus, SnapshotsRepository } from '../snapshots.port.js';
import { parseJson } from './rows.js';
import type { Database, SnapshotsTable } from './tables.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

const toSnapshot = (r: Selectable<SnapshotsTable>): Snapshot => ({
  id: r.id,
  status: r.status as SnapshotStatus,
  format: r.format as SnapshotFormat,
  filters: parseJson<SnapshotFilters>(r.filters, {}),
  path: r.path,
  // PostgreSQL returns bigint as a string.
  bytes: num(r.bytes),
  rows: num(r.rows),
  sha256: r.sha256,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

export const createSnapshotsRepository = (db: Kysely<Database>, clock: Clock): SnapshotsRepository => {
  const now = (): string => clock.now().toISOString();
  const get = async (id: string): Promise<Snapshot | undefined> => {
    const r = await db.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toSnapshot(r) : undefined;
  };
  /** Updates a snapshot only while it is processing, so a finished one is never rewritten. */
  const finish = async (id: string, set: Updateable<SnapshotsTable>): Promise<Snapshot | undefined> => {
    const r = await db
      .updateTable('snapshots')
      .set({ ...set, finished_at: now() })
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 0 ? undefined : get(id);
  };

  return {
    async create({ id, format, filters }) {
      const row = { id, status: 'processing', format, filters: JSON.stringify(filters), created_at: now() };
      await db.insertInto('snapshots').values(row).execute();
      return (await get(id)) as Snapshot;
    },

    complete: (id, w) => finish(id, { status: 'ready', path: w.path, bytes: w.bytes, rows: w.rows, sha256: w.sha256, error: null }),

    fail: (id, error) => finish(id, { status: 'failed', error }),

    get,

    async list({ page, pageSize, status }) {
      let base = db.selectFrom('snapshots');
      if (status !== undefined) base = base.where('status', '=', status);
      const [rows, count] = await Promise.all([
        base
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(pageSize)
          .offset((page - 1) * pageSize)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toSnapshot), total: Number(count.n) };
    },

    async failStale(createdBefore) {
      const r = await db
        .updateTable('snapshots')
        .set({ status: 'failed', error: 'interrupted: the writer stopped before the file was finished', finished_at: now() })
        .where('status', '=', 'processing')
        .where('created_at', '<', createdBefore)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
};
