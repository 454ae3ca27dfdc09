import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Clock } from '../../platform/clock.js';
import type { Snapshot, SnapshotFilters, SnapshotFormat, SnapshotStatus, SnapshotsRepository } from '../snapshots.port.js';
import { parseJson } from './rows.js';
import type { Database, SnapshotsTable } from './tables.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

/** Ids per `in (…)` list, well under SQLite's and PostgreSQL's parameter limits. */
const ID_BATCH = 500;
/** A LIMIT that means "all": SQLite needs one before OFFSET. */
const ALL = 2_147_483_647;

const toSnapshot = (r: Selectable<SnapshotsTable>): Snapshot => ({
  id: r.id,
  status: r.status as SnapshotStatus,
  format: r.format as SnapshotFormat,
  filters: parseJson<SnapshotFilters>(r.filters, {}),
  // PostgreSQL returns bigint as a string.
  bytes: num(r.bytes),
  rows: num(r.rows),
  sha256: r.sha256,
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/**
 * Deletes the finished snapshots among `ids` and their chunks, a batch per transaction that starts
 * with a write (SQLite never has to upgrade a read to a write). Chunks are deleted explicitly: the
 * cascade needs SQLite's foreign_keys pragma.
 */
const deleteFinishedIds = async (db: Kysely<Database>, ids: readonly string[]): Promise<number> => {
  let n = 0;
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const batch = ids.slice(i, i + ID_BATCH);
    n += await db.transaction().execute(async (trx) => {
      const gone = await trx.deleteFrom('snapshots').where('id', 'in', batch).where('status', '!=', 'processing').returning('id').execute();
      if (gone.length > 0) await trx.deleteFrom('snapshot_chunks').where('snapshot_id', 'in', gone.map((r) => r.id)).execute();
      return gone.length;
    });
  }
  return n;
};

export const createSnapshotsRepository = (db: Kysely<Database>, clock: Clock): SnapshotsRepository => {
  const now = (): string => clock.now().toISOString();
  const get = async (id: string, on: Kysely<Database> = db): Promise<Snapshot | undefined> => {
    const r = await on.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toSnapshot(r) : undefined;
  };
  /** Updates a snapshot only while it is processing, so a finished one is never rewritten. */
  const finish = async (id: string, set: Updateable<SnapshotsTable>, on: Kysely<Database> = db): Promise<Snapshot | undefined> => {
    const r = await on
      .updateTable('snapshots')
      .set({ ...set, finished_at: now() })
      .where('id', '=', id)
      .where('status', '=', 'processing')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 0 ? undefined : get(id, on);
  };
  const finishedIds = (on: Kysely<Database>) => on.selectFrom('snapshots').select('id').where('status', '!=', 'processing');

  return {
    async create({ id, format, filters }) {
      const row = { id, status: 'processing', format, filters: JSON.stringify(filters), created_at: now() };
      await db.insertInto('snapshots').values(row).execute();
      return (await get(id)) as Snapshot;
    },

    async appendChunk(id, seq, data) {
      // A deleted snapshot's writer fails here (foreign key); one failed as stale fails at `complete`.
      await db.insertInto('snapshot_chunks').values({ snapshot_id: id, seq, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) }).execute();
    },

    async readChunk(id, seq) {
      const r = await db.selectFrom('snapshot_chunks').select('data').where('snapshot_id', '=', id).where('seq', '=', seq).executeTakeFirst();
      return r ? Buffer.from(r.data) : undefined;
    },

    complete: (id, w) => finish(id, { status: 'ready', bytes: w.bytes, rows: w.rows, sha256: w.sha256, error: null }),

    fail: (id, error) =>
      db.transaction().execute(async (trx) => {
        const failed = await finish(id, { status: 'failed', error }, trx);
        // Also when it was already failed (as stale) while its writer went on: nothing of it is kept.
        const current = failed ?? (await get(id, trx));
        if (current && current.status !== 'ready') await trx.deleteFrom('snapshot_chunks').where('snapshot_id', '=', id).execute();
        return failed;
      }),

    async deleteFinished(id) {
      const found = await get(id);
      if (!found || found.status === 'processing') return undefined;
      return (await deleteFinishedIds(db, [id])) === 1 ? found : undefined;
    },

    async prune({ createdBefore, keep }) {
      const ids = new Set<string>();
      if (createdBefore !== undefined) {
        for (const r of await finishedIds(db).where('created_at', '<', createdBefore).execute()) ids.add(r.id);
      }
      if (keep !== undefined) {
        const beyond = await finishedIds(db).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(ALL).offset(keep).execute();
        for (const r of beyond) ids.add(r.id);
      }
      // Finished snapshots never become processing again, so the ids read above stay deletable.
      return deleteFinishedIds(db, [...ids]);
    },

    get: (id) => get(id),

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
      // Read first: the common case (nothing stale) then takes no write lock.
      const stale = await db.selectFrom('snapshots').select('id').where('status', '=', 'processing').where('created_at', '<', createdBefore).execute();
      let n = 0;
      for (let i = 0; i < stale.length; i += ID_BATCH) {
        const batch = stale.slice(i, i + ID_BATCH).map((r) => r.id);
        n += await db.transaction().execute(async (trx) => {
          const failed = await trx
            .updateTable('snapshots')
            .set({ status: 'failed', error: 'interrupted: the writer stopped before the snapshot was finished', finished_at: now() })
            .where('id', 'in', batch)
            .where('status', '=', 'processing')
            .returning('id')
            .execute();
          if (failed.length > 0) await trx.deleteFrom('snapshot_chunks').where('snapshot_id', 'in', failed.map((r) => r.id)).execute();
          return failed.length;
        });
      }
      return n;
    },
  };
};
