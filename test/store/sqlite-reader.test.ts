import { sql, type Compilable, type RawBuilder } from 'kysely';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../src/store/kysely/db.js';
import { createSqliteReader, type SqliteReader } from '../../src/store/kysely/sqlite-reader.js';
import { tempDir } from '../helpers/stores.js';

/** A read that keeps SQLite busy for a while: counting a few million generated rows. */
const SLOW_COUNT = sql<{ n: number }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 3000000) select count(*) as n from c`;

describe('SQLite reads off the event loop (issue 13)', () => {
  let db: Db;
  let reader: SqliteReader;
  afterEach(async () => {
    await reader.close();
    await db.db.destroy();
  });
  /** Raw SQL compiled by the database's own dialect, as the repositories' queries are. */
  const raw = <R>(b: RawBuilder<R>): Compilable<R> => ({ compile: () => b.compile(db.db) });
  const open = async (): Promise<void> => {
    db = openDb({ path: join(tempDir(), 'r.db') });
    await sql`create table t (x integer)`.execute(db.db);
    await sql`insert into t values (1), (2), (3)`.execute(db.db);
    reader = createSqliteReader(db.sqlite?.name ?? '');
  };

  it('runs a slow read on its own thread: the main connection answers meanwhile', async () => {
    await open();
    const order: string[] = [];
    const slow = reader.all(raw(SLOW_COUNT)).then((rows) => {
      order.push('slow read');
      return rows;
    });
    // On the calling thread (better-sqlite3 is synchronous) the slow read would finish first.
    await sql`select 1`.execute(db.db).then(() => order.push('main connection'));
    await new Promise((r) => setImmediate(r));
    order.push('event loop turn');
    expect(await slow).toEqual([{ n: 3_000_000 }]);
    expect(order).toEqual(['main connection', 'event loop turn', 'slow read']);
  });

  it('sees committed writes, keeps SQLite error codes, and survives a failed query', async () => {
    await open();
    expect(await reader.all(db.db.selectFrom('t' as never).select(sql<number>`count(*)`.as('n')))).toEqual([{ n: 3 }]);
    await sql`insert into t values (4)`.execute(db.db);
    expect(await reader.all(db.db.selectFrom('t' as never).select(sql<number>`count(*)`.as('n')))).toEqual([{ n: 4 }]);
    await expect(reader.all(raw(sql`select * from no_such_table`))).rejects.toMatchObject({ message: expect.stringContaining('no such table'), code: 'SQLITE_ERROR' });
    await expect(reader.all(raw(sql`delete from t`))).rejects.toThrow(/read|return data|readonly/i);
    expect(await reader.all(raw(sql<{ x: number }>`select x from t where x > ${2} order by x`))).toEqual([{ x: 3 }, { x: 4 }]);
    await reader.close();
    await expect(reader.all(raw(sql`select 1`))).rejects.toThrow('closed');
  });
});
