import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { fixedClock, type Clock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import type { Store } from '../../src/store/store.port.js';
import { copyPgDatabase, createPgDatabase, dropPgDatabase } from './pg-databases.js';

export { createPgDatabase, dropPgDatabase };

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export interface StoreTarget {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated, empty store. */
  open(clock?: Clock): Promise<Store>;
  /**
   * Two stores on one fresh, migrated database, each with its own connections (as two replicas or
   * processes have), each with its own clock. Close the second first: closing the first drops a
   * PostgreSQL database.
   */
  openPair(clocks?: [Clock, Clock]): Promise<[Store, Store]>;
}

export const tempDir = (prefix = 'harvest-'): string => mkdtempSync(join(tmpdir(), prefix));

const defaultClock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));

export const storeTargets = (): StoreTarget[] => {
  const targets: StoreTarget[] = [
    {
      name: 'sqlite',
      async open(clock = defaultClock) {
        const store = createKyselyStore({ path: join(tempDir(), 'test.db') }, clock);
        await store.migrate();
        return store;
      },
      async openPair([a, b] = [defaultClock, defaultClock]) {
        const path = join(tempDir(), 'test.db');
        const first = createKyselyStore({ path }, a);
        await first.migrate();
        return [first, createKyselyStore({ path }, b)];
      },
    },
  ];
  if (TEST_DATABASE_URL) {
    /** A store on `url`, migrated; closing it drops the database when `drops`. */
    const pgStore = async (url: string, clock: Clock, drops: boolean): Promise<Store> => {
      const store = createKyselyStore({ path: '', url, poolSize: 4 }, clock);
      await store.migrate();
      if (!drops) return store;
      const close = store.close.bind(store);
      // Closing a test store also drops its database, so CI's server does not accumulate them.
      return Object.assign(store, { close: async () => {
        await close();
        await dropPgDatabase(TEST_DATABASE_URL as string, url);
      } });
    };
    /**
     * A fresh database: a copy of the one the global setup migrated from empty (the same tables and
     * rows as migrating this one, in about half the time); `migrate()` then finds nothing to do.
     * Without the template (no global setup ran), an empty database that `migrate()` fills.
     */
    const freshDatabase = (base: string): Promise<string> => {
      const template = inject('pgTemplate');
      return template ? copyPgDatabase(base, template) : createPgDatabase(base);
    };
    targets.push({
      name: 'postgres',
      async open(clock = defaultClock) {
        return pgStore(await freshDatabase(TEST_DATABASE_URL), clock, true);
      },
      async openPair([a, b] = [defaultClock, defaultClock]) {
        const url = await freshDatabase(TEST_DATABASE_URL);
        return [await pgStore(url, a, true), await pgStore(url, b, false)];
      },
    });
  } else {
    console.warn('[store suite] TEST_DATABASE_URL is not set: SKIPPING the PostgreSQL run of the store contract suite (SQLite only).');
  }
  return targets;
};
