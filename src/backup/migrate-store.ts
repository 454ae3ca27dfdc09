import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { conflict, inputError, internalError } from '../domain/errors.js';
import { stripControlChars } from '../domain/item.sanitize.js';
import type { Clock } from '../platform/clock.js';
import { openDb } from '../store/kysely/db.js';
import { createKyselyStore } from '../store/kysely/kysely.store.js';
import { isSearchIndexTable } from '../store/kysely/search.js';
import { redactPgUrl, type StoreLocation } from './backup.js';

/** `postgres://…` / `postgresql://…` is PostgreSQL; `sqlite:PATH`, `file:PATH` or a bare path is SQLite. */
export const parseStoreUrl = (s: string): StoreLocation => {
  if (!s.trim()) throw inputError('a store URL is empty');
  if (/^postgres(ql)?:\/\//i.test(s)) return { kind: 'postgres', url: s };
  const m = /^(?:sqlite|file):(?:\/\/)?(.+)$/i.exec(s);
  if (m) return { kind: 'sqlite', path: m[1] as string };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) throw inputError(`unsupported store URL ${redactPgUrl(s)}: use postgres://… or sqlite:PATH`);
  return { kind: 'sqlite', path: s };
};

/** Tables in foreign-key order; any other table both stores have is copied after these (not the search index: the target's triggers fill it). */
const ORDER = ['items', 'analyses', 'scores', 'cursors', 'notifications', 'pipeline_runs', 'jobs', 'snapshots', 'snapshot_chunks', 'spikes', 'spike_alerts'];
const SKIP = new Set(['kysely_migration', 'kysely_migration_lock']);
const PAGE = 500;
/** Rows per page of tables whose rows are large: snapshot chunks are up to 1 MiB each. */
const PAGE_OF: Record<string, number> = { snapshot_chunks: 4 };

export interface MigrateStoreResult {
  tables: Array<{ table: string; rows: number }>;
  /** Values that held control characters (NUL and the like, stored before the fetch boundary stripped them), copied without them. */
  cleaned: number;
}

/**
 * One row as the target can store it: control characters removed from text (PostgreSQL text cannot
 * hold NUL; JSON columns are text whose escapes PostgreSQL accepts). Counts the values it changed.
 */
const cleanRow = (row: Record<string, unknown>, counter: { n: number }): Record<string, unknown> => {
  let out: Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(row)) {
    if (typeof v !== 'string') continue;
    const clean = stripControlChars(v);
    if (clean === v) continue;
    out ??= { ...row };
    out[k] = clean;
    counter.n += 1;
  }
  return out ?? row;
};

/**
 * The columns a table's rows are paged by: its primary key (the index serves the sort), or every
 * column when it has none. Paging by OFFSET is only sound over a total order: without one,
 * PostgreSQL may return a row on two pages and skip another.
 */
export const pageOrder = async (db: Kysely<unknown>, kind: StoreLocation['kind'], table: string, columns: readonly string[]): Promise<string[]> => {
  const pk =
    kind === 'sqlite'
      ? await sql<{ name: string }>`select name from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db)
      : await sql<{ name: string }>`select a.attname as name from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
          where i.indrelid = to_regclass(${table}) and i.indisprimary order by array_position(i.indkey::int2[], a.attnum)`.execute(db);
  const names = pk.rows.map((r) => r.name);
  return names.length > 0 ? names : [...columns];
};

const describe = (l: StoreLocation): string => (l.kind === 'sqlite' ? `SQLite ${resolve(l.path ?? '')}` : `PostgreSQL ${redactPgUrl(l.url ?? '')}`);

/**
 * Copies every row of one store into another, empty one (typically SQLite → PostgreSQL for the
 * single → scaled move), keeping ids. Both are migrated to the latest schema first; the copy is one
 * transaction on the target, so a failure leaves it empty; row counts are compared at the end.
 */
export const migrateStore = async (from: StoreLocation, to: StoreLocation, clock: Clock): Promise<MigrateStoreResult> => {
  if (from.kind === to.kind && (from.kind === 'sqlite' ? resolve(from.path ?? '') === resolve(to.path ?? '') : from.url === to.url)) {
    throw inputError('--from and --to are the same store');
  }
  if (from.kind === 'sqlite' && !existsSync(resolve(from.path ?? ''))) throw inputError(`no SQLite database at ${resolve(from.path ?? '')}`);
  const opts = (l: StoreLocation) => ({ path: l.path ?? '', url: l.url, poolSize: 2 });
  for (const l of [from, to]) {
    const store = createKyselyStore(opts(l), clock);
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
  }
  const src = openDb(opts(from));
  const dst = openDb(opts(to));
  try {
    const srcMeta = await src.db.introspection.getTables();
    const dstMeta = await dst.db.introspection.getTables();
    const srcTables = new Set(srcMeta.map((t) => t.name));
    const dstTables = new Set(dstMeta.map((t) => t.name));
    const tables = [...ORDER.filter((t) => srcTables.has(t)), ...[...srcTables].filter((t) => !ORDER.includes(t)).sort()].filter((t) => dstTables.has(t) && !SKIP.has(t) && !isSearchIndexTable(t));
    const anyDb = (k: Kysely<unknown>) => k as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const s = anyDb(src.db as unknown as Kysely<unknown>);
    for (const t of tables) {
      const r = await anyDb(dst.db as unknown as Kysely<unknown>).selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(r.n) > 0) throw conflict(`the target store (${describe(to)}) is not empty: table ${t} has ${r.n} rows; migrate-store only fills an empty store`);
    }
    const result: MigrateStoreResult = { tables: [], cleaned: 0 };
    const counter = { n: 0 };
    await anyDb(dst.db as unknown as Kysely<unknown>).transaction().execute(async (trx) => {
      for (const t of tables) {
        const order = await pageOrder(src.db as unknown as Kysely<unknown>, from.kind, t, srcMeta.find((x) => x.name === t)?.columns.map((c) => c.name) ?? []);
        const serialId = dstMeta.find((x) => x.name === t)?.columns.some((c) => c.name === 'id' && /int/i.test(c.dataType)) ?? false;
        let copied = 0;
        const page = PAGE_OF[t] ?? PAGE;
        for (let offset = 0; ; offset += page) {
          let q = s.selectFrom(t).selectAll();
          for (const c of order) q = q.orderBy(c);
          const rows = await q.limit(page).offset(offset).execute();
          if (rows.length === 0) break;
          await trx.insertInto(t).values(rows.map((row) => cleanRow(row, counter))).execute();
          copied += rows.length;
          if (rows.length < page) break;
        }
        if (to.kind === 'postgres' && serialId) {
          // Serial ids continue after the copied ones (no-op for text ids: no sequence).
          await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false) where pg_get_serial_sequence(${t}, 'id') is not null`.execute(trx);
        }
        result.tables.push({ table: t, rows: copied });
      }
    });
    result.cleaned = counter.n;
    for (const { table, rows } of result.tables) {
      const r = await anyDb(dst.db as unknown as Kysely<unknown>).selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(r.n) !== rows) throw internalError(`after the copy ${table} has ${r.n} rows in the target, expected ${rows}`);
    }
    return result;
  } finally {
    await src.db.destroy();
    await dst.db.destroy();
  }
};
