import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const NOW = '2026-11-20T18:30:00.000Z';
const dir = tempDir('harvest-backup-');
const dbPath = join(dir, 'demo.db');
const backups = join(dir, 'backups');
const sqliteEnv = (extra: Record<string, string> = {}) => cleanEnv({ HARVEST_DB_PATH: dbPath, HARVEST_NOW: NOW, ...extra });
const pgUrls: string[] = [];

/** `harvest serve --port 0` on the given environment; returns its base URL and a stop function. */
const serve = (env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<void> }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const closed = new Promise<void>((r) => child.on('close', () => r()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving the API on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve({ url: m[1], stop: async () => (child.kill('SIGTERM'), await closed) });
    });
    void closed.then(() => reject(new Error(`serve exited before serving: ${err}`)));
  });

const topOf = async (env: NodeJS.ProcessEnv): Promise<unknown> => {
  const s = await serve(env);
  try {
    const r = await fetch(`${s.url}/top?limit=50`);
    expect(r.status).toBe(200);
    return await r.json();
  } finally {
    await s.stop();
  }
};

const itemCount = (file: string): number => {
  const db = new Sqlite(file, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from items').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  const r = await runCli(['demo', '--no-serve', '--json'], { env: sqliteEnv() });
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  if (TEST_DATABASE_URL) for (const u of pgUrls) await dropPgDatabase(TEST_DATABASE_URL, u);
});

describe('harvest backup (SQLite)', () => {
  it('create → verify → restore round-trips the database with a verified checksum; retention keeps the newest', async () => {
    const created: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await runCli(['backup', 'create', '--dir', backups, '--keep', '2', '--json'], { env: sqliteEnv() });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { entry: { file: string; sha256: string; bytes: number }; removed: string[] };
      expect(out.entry.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(readFileSync(`${out.entry.file}.sha256`, 'utf8')).toMatch(new RegExp(`^${out.entry.sha256}  harvest-sqlite-\\d{8}T\\d{9}Z\\.sqlite\\n$`));
      created.push(out.entry.file);
      if (i === 2) expect(out.removed).toEqual([created[0]]);
    }
    const list = await runCli(['backup', 'list', '--dir', backups, '--json'], { env: sqliteEnv() });
    expect((JSON.parse(list.stdout) as Array<{ file: string }>).map((e) => e.file)).toEqual([created[2], created[1]]);
    const file = created[2] as string;

    const verify = await runCli(['backup', 'verify', file], { env: sqliteEnv() });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^ok: .* sha256 [0-9a-f]{64} \(integrity_check ok, 2000 items\)/);

    const before = await topOf(sqliteEnv());
    // Damage the live database's content: the restore must bring the backed-up rows back.
    const live = new Sqlite(dbPath);
    live.exec('delete from notifications; delete from scores; delete from analyses; delete from items where id % 2 = 0');
    live.close();
    expect(itemCount(dbPath)).toBe(1000);

    const refused = await runCli(['backup', 'restore', file], { env: sqliteEnv() });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exists: stop the service and pass --force');
    expect(itemCount(dbPath)).toBe(1000);

    const restored = await runCli(['backup', 'restore', file, '--force'], { env: sqliteEnv() });
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/verified\) into /);
    expect(itemCount(dbPath)).toBe(2000);
    expect(await topOf(sqliteEnv())).toEqual(before);
  }, 90_000);

  it('refuses a damaged backup, naming the mismatch, and changes nothing', async () => {
    const [good] = readdirSync(backups).filter((f) => f.endsWith('.sqlite'));
    const damaged = join(dir, 'harvest-sqlite-damaged.sqlite');
    copyFileSync(join(backups, good as string), damaged);
    copyFileSync(join(backups, `${good as string}.sha256`), `${damaged}.sha256`);
    const bytes = readFileSync(damaged);
    bytes[bytes.length - 100] = (bytes[bytes.length - 100] as number) ^ 0xff;
    writeFileSync(damaged, bytes);
    const verify = await runCli(['backup', 'verify', damaged], { env: sqliteEnv() });
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(/checksum mismatch for harvest-sqlite-damaged\.sqlite: expected [0-9a-f]{64}, got [0-9a-f]{64}/);
    const restore = await runCli(['backup', 'restore', damaged, '--force'], { env: sqliteEnv() });
    expect(restore.code).toBe(2);
    expect(itemCount(dbPath)).toBe(2000);
    const missing = await runCli(['backup', 'verify', join(dir, 'nothing.txt')], { env: sqliteEnv() });
    expect(missing.stderr).toContain('is not a backup');
  }, 30_000);
});

describe.skipIf(!TEST_DATABASE_URL)('migrate-store and PostgreSQL backups', () => {
  it('moves the demo database into PostgreSQL and the API serves the same /top from both', async () => {
    const url = await createPgDatabase(TEST_DATABASE_URL as string);
    pgUrls.push(url);
    const r = await runCli(['migrate-store', '--from', `sqlite:${dbPath}`, '--to', url, '--json'], { env: sqliteEnv() });
    expect(r.code, r.stderr).toBe(0);
    const tables = (JSON.parse(r.stdout) as { tables: Array<{ table: string; rows: number }> }).tables;
    expect(tables.find((t) => t.table === 'items')?.rows).toBe(2000);
    expect(tables.find((t) => t.table === 'scores')?.rows).toBe(2000);

    const pgEnv = cleanEnv({ DATABASE_URL: url, HARVEST_NOW: NOW });
    const [fromSqlite, fromPg] = [await topOf(sqliteEnv()), await topOf(pgEnv)];
    expect((fromSqlite as unknown[]).length).toBe(50);
    expect(fromPg).toEqual(fromSqlite);

    // Ids continue after the copied ones, so new rows on PostgreSQL do not collide with them.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const seq = await client.query<{ next: string; max: string }>("select nextval(pg_get_serial_sequence('items', 'id')) as next, (select max(id) from items) as max");
      expect(Number(seq.rows[0]?.next)).toBe(Number(seq.rows[0]?.max) + 1);
    } finally {
      await client.end();
    }
    const again = await runCli(['migrate-store', '--from', `sqlite:${dbPath}`, '--to', url], { env: sqliteEnv() });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty: table items has 2000 rows');
    const bad = await runCli(['migrate-store', '--from', 'mysql://x@y/z', '--to', url], { env: sqliteEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unsupported store URL');

    // pg_dump backup of the migrated database, verified, restored into another database.
    const pgBackups = join(dir, 'pg-backups');
    const created = await runCli(['backup', 'create', '--dir', pgBackups, '--json'], { env: pgEnv });
    expect(created.code, created.stderr).toBe(0);
    const file = (JSON.parse(created.stdout) as { entry: { file: string } }).entry.file;
    expect(file).toMatch(/\.pgdump$/);
    const verified = await runCli(['backup', 'verify', file], { env: pgEnv });
    expect(verified.stdout).toMatch(/pg_restore --list ok/);
    const target = await createPgDatabase(TEST_DATABASE_URL as string);
    pgUrls.push(target);
    const targetEnv = cleanEnv({ DATABASE_URL: target, HARVEST_NOW: NOW });
    const restored = await runCli(['backup', 'restore', file, '--force'], { env: targetEnv });
    expect(restored.code, restored.stderr).toBe(0);
    expect(await topOf(targetEnv)).toEqual(fromSqlite);
  }, 120_000);
});
