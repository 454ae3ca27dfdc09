import { join } from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/kysely/db.js';
import { migrationProvider } from '../../src/store/kysely/migrations.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const targets: Array<{ name: 'sqlite' | 'postgres'; url: () => Promise<string | undefined>; drop: (url: string | undefined) => Promise<void> }> = [
  { name: 'sqlite', url: async () => undefined, drop: async () => undefined },
  ...(TEST_DATABASE_URL
    ? [{ name: 'postgres' as const, url: () => createPgDatabase(TEST_DATABASE_URL as string), drop: (url: string | undefined) => dropPgDatabase(TEST_DATABASE_URL as string, url as string) }]
    : []),
];

/** Migration 0007 on a database that already holds signals: every existing row becomes triage `new`, its status untouched. */
for (const target of targets) {
  describe(`migration 0007_triage_state on existing rows [${target.name}]`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it('adds triage = new to every existing item and leaves status alone; down removes it', async () => {
      const url = await target.url();
      cleanups.push(() => target.drop(url));
      const { db, dialect } = openDb({ path: join(tempDir('harvest-mig7-'), 'app.db'), url, poolSize: 2 });
      cleanups.push(() => db.destroy());
      const anyDb = db as unknown as Kysely<unknown>;
      const migrator = new Migrator({ db: anyDb, provider: migrationProvider(dialect) });
      expect((await migrator.migrateTo('0006_job_owner')).error).toBeUndefined();
      for (const [n, status] of [[1, 'active'], [2, 'paused'], [3, 'error']] as const) {
        await sql`insert into items (source, external_id, text, created_at, fetched_at, updated_at, content_hash, status)
                  values ('demo', ${`e${n}`}, ${`text ${n}`}, '2026-11-20T12:00:00.000Z', '2026-11-20T12:00:00.000Z', '2026-11-20T12:00:00.000Z', ${`h${n}`}, ${status})`.execute(anyDb);
      }
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      expect(up.results?.map((r) => r.migrationName)).toContain('0007_triage_state');
      const rows = await sql<{ external_id: string; status: string; triage: string }>`select external_id, status, triage from items order by external_id`.execute(anyDb);
      expect(rows.rows).toEqual([
        { external_id: 'e1', status: 'active', triage: 'new' },
        { external_id: 'e2', status: 'paused', triage: 'new' },
        { external_id: 'e3', status: 'error', triage: 'new' },
      ]);
      expect((await migrator.migrateTo('0006_job_owner')).error).toBeUndefined();
      const after = await sql<Record<string, unknown>>`select * from items where external_id = 'e1'`.execute(anyDb);
      expect(after.rows[0]).not.toHaveProperty('triage');
      expect(after.rows[0]).toMatchObject({ status: 'active' });
    });
  });
}
