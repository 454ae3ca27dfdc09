import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { contentHash } from '../../domain/content-hash.js';
import { SIGNAL_STATUSES, TRIAGE_STATES, type SignalStatus, type SourceName, type TriageState } from '../../domain/item.js';
import { toManagedSignalBody } from '../../domain/signal.schema.js';
import type { Clock } from '../../platform/clock.js';
import type { SignalAdminRow, SignalCounts, SignalPageQuery, SignalSort, SignalsRepository } from '../signals.port.js';
import { selectSignals, toSignal, whereSignals } from './signal-rows.js';
import { itemsMuteView } from './mute-filter.js';
import { countBy } from './rows.js';
import { ftsMatchCount, MANY_MATCHES } from './search.js';
import type { Reads } from './sqlite-reader.js';
import type { Database } from './tables.js';

/** Ids per statement in bulk writes: far under SQLite's and PostgreSQL's bound-parameter limits. */
const ID_CHUNK = 500;

const SORT_COLUMN = {
  createdAt: 'i.created_at',
  updatedAt: 'i.updated_at',
  salience: 's.salience',
  status: 'i.status',
} as const satisfies Record<SignalSort, string>;

const chunks = (ids: readonly number[]): number[][] => {
  const unique = [...new Set(ids)];
  const out: number[][] = [];
  for (let i = 0; i < unique.length; i += ID_CHUNK) out.push(unique.slice(i, i + ID_CHUNK));
  return out;
};

/** Items, joined with their analysis and score only when a filter or the sort reads them (`whereSignals` names the columns as `i.`, `a.`, `s.`). */
const matchingItems = (db: Kysely<Database>, q: SignalPageQuery) =>
  db
    .selectFrom('items as i')
    .$if(q.category !== undefined || q.sentiment !== undefined, (b) => b.leftJoin('analyses as a', 'a.item_id', 'i.id'))
    .$if(q.minSalience !== undefined || q.sort === 'salience', (b) => b.leftJoin('scores as s', 's.item_id', 'i.id'));

/** The API's view of a signal read with the one selection and mapper. */
const toAdminRow: (r: Parameters<typeof toSignal>[0]) => SignalAdminRow = (r) => toManagedSignalBody(toSignal(r));

const selectOne = async (db: Kysely<Database>, id: number): Promise<SignalAdminRow | undefined> => {
  const row = await selectSignals(db).where('i.id', '=', id).executeTakeFirst();
  return row ? toAdminRow(row) : undefined;
};

/** Signals as the API manages them (src/store/signals.port.ts); the page's reads run on `reads` (off the event loop on SQLite). `newId` makes external ids for created signals. */
export const createSignalsRepository = (db: Kysely<Database>, reads: Reads, clock: Clock, newId: () => string = randomUUID): SignalsRepository => {
  const now = (): string => clock.now().toISOString();
  /** Sets `status` or `triage` on the given ids in one transaction; how many rows it found. */
  const setColumn = (ids: readonly number[], value: { status: SignalStatus } | { triage: TriageState }): Promise<number> =>
    db.transaction().execute(async (trx) => {
      const at = now();
      let changed = 0;
      for (const chunk of chunks(ids)) {
        const r = await trx.updateTable('items').set({ ...value, updated_at: at }).where('id', 'in', chunk).executeTakeFirst();
        changed += Number(r.numUpdatedRows);
      }
      return changed;
    });
  const search = { dialect: reads.dialect, scope: 'content-and-author' } as const;
  /** Items matching the filters; a search alone on SQLite is counted in the FTS index, without reading an item. */
  const countMatching = async (q: SignalPageQuery): Promise<number> => {
    const searchOnly = [q.status, q.source, q.category, q.sentiment, q.minSalience, q.since].every((v) => v === undefined) && (q.triage ?? []).length === 0;
    const inIndex = reads.dialect === 'sqlite' && searchOnly && q.search !== undefined ? ftsMatchCount(q.search, search.scope) : undefined;
    const [counted] = inIndex
      ? await reads.all({ compile: () => inIndex.compile(db) })
      : await reads.all(whereSignals(matchingItems(db, q), q, search).select((eb) => eb.fn.countAll<number>().as('n')));
    return Number(counted?.n ?? 0);
  };
  return {
    async page(q) {
      // Which items match and in what order, from the items alone plus only the joins a filter or the
      // sort reads (a left join on a 1:1 key never changes the matches, and each costs a row lookup
      // per match: 0.2 s for 9,000 search hits at 100k items); then the full rows of one page only.
      const total = await countMatching(q);
      // Many matches, newest first: walk the creation-time index and stop after the page (SQLite).
      const drive = reads.dialect === 'sqlite' && q.sort === 'createdAt' && total > MANY_MATCHES ? 'order' : 'matches';
      let ordered = whereSignals(matchingItems(db, q), q, { ...search, drive }).select('i.id');
      // Signals without a score sort last in either direction (NULLS LAST, portable).
      if (q.sort === 'salience') ordered = ordered.orderBy(sql`case when s.salience is null then 1 else 0 end`);
      const ids = await reads.all(
        ordered
          .orderBy(sql.ref(SORT_COLUMN[q.sort]), q.order)
          .orderBy('i.id', q.order)
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize),
      );
      const wanted = ids.map((r) => Number(r.id));
      const rows = wanted.length === 0 ? [] : await reads.all(selectSignals(db).where('i.id', 'in', wanted));
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      const items = wanted.flatMap((id) => {
        const row = byId.get(id);
        return row ? [toAdminRow(row)] : [];
      });
      return { items, total };
    },

    get: (id) => selectOne(db, id),

    create: (input) =>
      db.transaction().execute(async (trx) => {
        const at = now();
        const title = input.title ?? null;
        const inserted = await trx
          .insertInto('items')
          .values({
            source: 'manual' satisfies SourceName,
            external_id: newId(),
            url: input.url ?? null,
            author_id: null,
            author_handle: input.author ?? null,
            author_name: null,
            author_followers: null,
            title,
            text: input.text,
            lang: null,
            created_at: at,
            fetched_at: at,
            updated_at: at,
            likes: 0,
            reposts: 0,
            replies: 0,
            quotes: 0,
            views: 0,
            queries: '[]',
            content_hash: contentHash(title, input.text),
            raw: 'null',
            status: input.status ?? 'active',
            triage: input.triage ?? 'new',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const row = await selectOne(trx, Number(inserted.id));
        if (!row) throw new Error(`signal ${inserted.id} vanished inside its own transaction`);
        return row;
      }),

    update: (id, patch) =>
      db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('items').select(['title', 'text']).where('id', '=', id).executeTakeFirst();
        if (!current) return undefined;
        const reworded = patch.title !== undefined || patch.text !== undefined;
        const title = patch.title === undefined ? current.title : patch.title;
        const text = patch.text ?? current.text;
        await trx
          .updateTable('items')
          .set({
            ...(patch.status === undefined ? {} : { status: patch.status }),
            ...(patch.triage === undefined ? {} : { triage: patch.triage }),
            // A changed title or text moves the hash, which queues the item for re-analysis. A
            // status-only patch leaves the source's hash alone.
            ...(reworded ? { title, text, content_hash: contentHash(title, text) } : {}),
            updated_at: now(),
          })
          .where('id', '=', id)
          .execute();
        return selectOne(trx, id);
      }),

    async remove(id) {
      const r = await db.deleteFrom('items').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async stats(mutes) {
      const triage = Object.fromEntries(TRIAGE_STATES.map((t) => [t, 0])) as Record<TriageState, number>;
      const counts: SignalCounts = { total: 0, active: 0, paused: 0, inactive: 0, error: 0, triage };
      const where = mutes === undefined ? undefined : itemsMuteView('items', mutes);
      const countItems = (column: 'status' | 'triage'): Promise<Record<string, number>> => countBy(db, 'items', column, where);
      for (const [status, n] of Object.entries(await countItems('status'))) {
        counts.total += n;
        if ((SIGNAL_STATUSES as readonly string[]).includes(status)) counts[status as SignalStatus] += n;
      }
      for (const [state, n] of Object.entries(await countItems('triage'))) {
        if ((TRIAGE_STATES as readonly string[]).includes(state)) triage[state as TriageState] += n;
      }
      return counts;
    },

    setStatus: (ids, status) => setColumn(ids, { status }),

    setTriage: (ids, triage) => setColumn(ids, { triage }),

    removeMany: (ids) =>
      db.transaction().execute(async (trx) => {
        let removed = 0;
        for (const chunk of chunks(ids)) {
          const r = await trx.deleteFrom('items').where('id', 'in', chunk).executeTakeFirst();
          removed += Number(r.numDeletedRows);
        }
        return removed;
      }),
  };
};
