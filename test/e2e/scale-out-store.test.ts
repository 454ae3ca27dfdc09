import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { PIPELINE_BUSY_MESSAGE } from '../../src/pipeline/lock.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { createPgDatabase, dropPgDatabase, storeTargets, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

/** A promise and the function that settles it: holds a lock open until the test says so. */
const gate = () => {
  let open: () => void = () => undefined;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
};

describe('pipeline lock: one holder per store', () => {
  for (const target of storeTargets()) {
    it(`${target.name}: a second run in the same process is refused while one holds the lock`, async () => {
      const store = await target.open();
      try {
        const g = gate();
        const first = store.withPipelineLock(async () => (await g.p, 'first'));
        expect(await store.withPipelineLock(async () => 'second')).toEqual({ acquired: false });
        g.open();
        expect(await first).toEqual({ acquired: true, value: 'first' });
        expect(await store.withPipelineLock(async () => 'third')).toEqual({ acquired: true, value: 'third' });
        // A failing body releases the lock too.
        await expect(store.withPipelineLock(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
        expect(await store.withPipelineLock(async () => 'after')).toEqual({ acquired: true, value: 'after' });
      } finally {
        await store.close();
      }
    });
  }
});

describe('SQLite: the lock holds across processes on one file', () => {
  it('a pipeline run in another process is refused while this one holds the lock, and runs once it is released', async () => {
    const dir = tempDir('harvest-sqlite-lock-');
    const path = join(dir, 'app.db');
    const store = createKyselyStore({ path }, fixedClock(DEMO_NOW));
    try {
      await store.migrate();
      const env = cleanEnv({ HARVEST_DB_PATH: path });
      const g = gate();
      let inside = false;
      const held = store.withPipelineLock(async () => {
        inside = true;
        await g.p;
        return 'held';
      });
      while (!inside) await new Promise((r) => setTimeout(r, 5));
      const refused = await runCli(['pipeline'], { env });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(PIPELINE_BUSY_MESSAGE);
      g.open();
      expect(await held).toEqual({ acquired: true, value: 'held' });
      const ran = await runCli(['pipeline'], { env });
      expect(ran.code, ran.stderr).toBe(0);
      expect((await store.runs.recent(5)).map((r) => r.status)).toEqual(['succeeded']);
    } finally {
      await store.close();
    }
  }, 60_000);
});

describe.skipIf(!TEST_DATABASE_URL)('PostgreSQL: several processes on one database', () => {
  const urls: string[] = [];
  const stores: Store[] = [];
  const open = (url: string): Store => {
    const s = createKyselyStore({ path: '', url, poolSize: 4 }, fixedClock(DEMO_NOW));
    stores.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const u of urls) await dropPgDatabase(TEST_DATABASE_URL as string, u);
  });

  it('the advisory lock held by one store refuses another, and is free again once released', async () => {
    const url = await createPgDatabase(TEST_DATABASE_URL as string);
    urls.push(url);
    const [a, b] = [open(url), open(url)] as [Store, Store];
    await a.migrate();
    const g = gate();
    let inside = false;
    const held = a.withPipelineLock(async () => {
      inside = true;
      await g.p;
      return 'a';
    });
    while (!inside) await new Promise((r) => setTimeout(r, 5));
    expect(await b.withPipelineLock(async () => 'b')).toEqual({ acquired: false });
    g.open();
    expect(await held).toEqual({ acquired: true, value: 'a' });
    expect(await b.withPipelineLock(async () => 'b')).toEqual({ acquired: true, value: 'b' });
  });

  it('two stores racing to claim the same outbox batches claim each exactly once', async () => {
    const base = await demoStore({ name: 'postgres', open: async () => {
      const url = await createPgDatabase(TEST_DATABASE_URL as string);
      urls.push(url);
      const s = open(url);
      await s.migrate();
      return Object.assign(s, { url });
    } });
    const url = (base as Store & { url: string }).url;
    const other = open(url);
    const signals = await base.outbox.candidates({ channel: 'race', threshold: 0, limit: 200 });
    expect(signals.length).toBe(200);
    // 20 digest batches of 10 items each.
    const batches = Array.from({ length: 20 }, () => randomUUID());
    await base.outbox.enqueue(signals.map((s, i) => ({ itemId: s.id, batchId: batches[Math.floor(i / 10)] as string, kind: 'digest' as const })), 'race', DEMO_NOW.toISOString());
    // Every batch is claimed by both stores, three times each, all at once.
    const attempts = batches.flatMap((b) => [base, other, base, other, base, other].map(async (s, i) => ({ b, i, won: await s.outbox.claim(b, DEMO_NOW.toISOString()) })));
    const results = await Promise.all(attempts);
    for (const b of batches) expect(results.filter((r) => r.b === b && r.won), b).toHaveLength(1);
    const rows = await base.outbox.list('race');
    expect(rows).toHaveLength(200);
    expect(rows.every((r) => r.status === 'sending' && r.attempts === 1)).toBe(true);
  }, 60_000);
});
