import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/kysely/db.js';

/** A process killed mid-migration must not leave a half-built schema (SQLite runs DDL in transactions). */
describe('SQLite migrations are all or nothing', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a failure in the second migration rolls back the first and its own statements', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'harvest-mig-'));
    dirs.push(dir);
    const { db } = openDb({ path: join(dir, 'app.db') });
    const anyDb = db as unknown as Kysely<unknown>;
    const migrations: Record<string, Migration> = {
      '0001_a': { up: async (d) => void (await sql`create table a (x integer)`.execute(d)) },
      '0002_b': {
        up: async (d) => {
          await sql`create table b (x integer)`.execute(d);
          await sql`alter table a add column y integer`.execute(d);
          throw new Error('killed here');
        },
      },
    };
    const migrator = new Migrator({ db: anyDb, provider: { getMigrations: async () => migrations } });
    const { error } = await migrator.migrateToLatest();
    expect((error as Error).message).toBe('killed here');
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name in ('a', 'b')`.execute(anyDb);
    expect(tables.rows).toEqual([]);

    // The next start applies both from scratch (here without the failure).
    migrations['0002_b'] = { up: async (d) => void (await sql`alter table a add column y integer`.execute(d)) };
    const again = await migrator.migrateToLatest();
    expect(again.error).toBeUndefined();
    expect(again.results?.map((r) => `${r.migrationName}:${r.status}`)).toEqual(['0001_a:Success', '0002_b:Success']);
    await db.destroy();
  });
});
