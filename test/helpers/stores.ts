import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fixedClock, type Clock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import type { Store } from '../../src/store/store.port.js';

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

/** Creates a uniquely named database on the PostgreSQL server of `base` and returns its URL. */
export const createPgDatabase = async (base: string): Promise<string> => {
  const name = `harvest_t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
};

export const dropPgDatabase = async (base: string, url: string): Promise<void> => {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
};

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
    targets.push({
      name: 'postgres',
      async open(clock = defaultClock) {
        return pgStore(await createPgDatabase(TEST_DATABASE_URL), clock, true);
      },
      async openPair([a, b] = [defaultClock, defaultClock]) {
        const url = await createPgDatabase(TEST_DATABASE_URL);
        return [await pgStore(url, a, true), await pgStore(url, b, false)];
      },
    });
  } else {
    console.warn('[store suite] TEST_DATABASE_URL is not set: SKIPPING the PostgreSQL run of the store contract suite (SQLite only).');
  }
  return targets;
};
