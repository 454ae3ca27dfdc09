import type Sqlite from 'better-sqlite3';

type Row = Record<string, unknown>;

/**
 * SQLite's bulk fast path: cached prepared statements, run per row (writes) or read as arrays. Kysely builds and
 * compiles a new multi-row statement for every chunk, which costs more than the write itself on
 * SQLite; better-sqlite3's prepared statements do not. Must be called inside a transaction opened
 * on the same connection (Kysely's SQLite driver has exactly one), so it commits or rolls back
 * with everything else in that transaction.
 */
export interface SqliteWrites {
  /**
   * INSERT … ON CONFLICT DO NOTHING of the rows, many per statement; returns, per row, whether it was
   * inserted (of rows with the same `key`, only the first can be). Many rows a statement, not one:
   * a statement that fires a trigger writing to a virtual table (the items' FTS5 index) costs a
   * statement journal of its own, which made one-row inserts 5× slower (ADR 0017).
   */
  insertIgnore(table: string, columns: readonly string[], key: readonly string[], rows: readonly Row[]): boolean[];
  /** INSERT … ON CONFLICT(conflict) DO UPDATE SET every column in `update`. Returns nothing. */
  upsert(table: string, columns: readonly string[], conflict: readonly string[], update: readonly string[], rows: readonly Row[]): void;
  /** INSERT … ON CONFLICT(conflict) DO UPDATE SET counter = counter + excluded.counter (a counter's increments). */
  increment(table: string, columns: readonly string[], conflict: readonly string[], counter: string, rows: readonly Row[]): void;
  /** Runs a read-only statement and returns its rows as arrays (no per-row objects). */
  rows(sql: string, params: readonly unknown[]): unknown[][];
  /** Rows of `select <columns> from table where <keyColumns> = ?` for each key, as a Map by joined key. */
  lookup(table: string, columns: readonly string[], keyColumns: readonly string[], keys: ReadonlyArray<readonly unknown[]>): Map<string, Row>;
}

/** Rows per multi-row INSERT, and SQLite's bound-parameter limit (32,766 since 3.32) it stays under. */
const INSERT_ROWS_PER_STATEMENT = 200;
const MAX_PARAMETERS = 32_766;

export const createSqliteWrites = (database: Sqlite.Database): SqliteWrites => {
  const statements = new Map<string, Sqlite.Statement>();
  const prepared = (sql: string): Sqlite.Statement => {
    let st = statements.get(sql);
    if (!st) {
      st = database.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;
  const insertSql = (table: string, columns: readonly string[]): string =>
    `insert into ${q(table)} (${columns.map(q).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
  // Positional parameters bind faster than named ones in better-sqlite3.
  const values = (row: Row, columns: readonly string[]): unknown[] => columns.map((c) => row[c]);
  return {
    insertIgnore(table, columns, key, rows) {
      // Which keys are stored already (one index lookup each), then the new rows, many per statement;
      // of rows repeating a key in this call only the first is new.
      const exists = prepared(`select 1 from ${q(table)} where ${key.map((c) => `${q(c)} = ?`).join(' and ')}`).pluck();
      const seen = new Set<string>();
      const isNew = rows.map((row) => {
        const k = key.map((c) => String(row[c])).join('\u0000');
        if (seen.has(k)) return false;
        seen.add(k);
        return exists.get(values(row, key)) === undefined;
      });
      const fresh = rows.filter((_, i) => isNew[i]);
      const perStatement = Math.max(1, Math.min(INSERT_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / columns.length)));
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      for (let i = 0; i < fresh.length; i += perStatement) {
        const chunk = fresh.slice(i, i + perStatement);
        prepared(`insert into ${q(table)} (${columns.map(q).join(', ')}) values ${chunk.map(() => tuple).join(', ')}`).run(chunk.flatMap((row) => values(row, columns)));
      }
      return isNew;
    },
    upsert(table, columns, conflict, update, rows) {
      const sql = `${insertSql(table, columns)} on conflict (${conflict.map(q).join(', ')}) do update set ${update.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`;
      const st = prepared(sql);
      for (const row of rows) st.run(values(row, columns));
    },
    increment(table, columns, conflict, counter, rows) {
      const st = prepared(`${insertSql(table, columns)} on conflict (${conflict.map(q).join(', ')}) do update set ${q(counter)} = ${q(table)}.${q(counter)} + excluded.${q(counter)}`);
      for (const row of rows) st.run(values(row, columns));
    },
    rows(sql, params) {
      return prepared(sql).raw(true).all(...params) as unknown[][];
    },
    lookup(table, columns, keyColumns, keys) {
      const sql = `select ${[...keyColumns, ...columns].map(q).join(', ')} from ${q(table)} where ${keyColumns.map((c) => `${q(c)} = ?`).join(' and ')}`;
      const st = prepared(sql).raw(false);
      const out = new Map<string, Row>();
      for (const key of keys) {
        const row = st.get(...key) as Row | undefined;
        if (row) out.set(key.join('\u0000'), row);
      }
      return out;
    },
  };
};
