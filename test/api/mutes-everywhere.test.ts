/*
 * Mutes everywhere a user looks (issue 18, ADR 0029): GET /items, the exports (snapshots and
 * `harvest export`'s writer) and the Overview's aggregates (GET /dashboard/volume, GET /signals/stats)
 * hide the items a mute rule matches unless `muted` says include or only — through the real
 * buildApp() on the demo data, SQLite and (with TEST_DATABASE_URL) PostgreSQL.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { writeExport } from '../../src/cli/export.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

const ADMIN = 'mutes-everywhere-admin-0123456789abcdef';

interface Volume {
  series: Array<{ key: string; total: number }>;
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

for (const target of storeTargets()) {
  describe(`mutes in items, exports and the overview [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;
    let dir: string;
    const get = async <T>(url: string): Promise<T> => {
      const r = await app.inject({ method: 'GET', url, headers: { 'x-api-key': ADMIN } });
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as T;
    };
    /** Every id GET /items lists under a view, following the cursor. */
    const itemIds = async (muted: string): Promise<number[]> => {
      const out: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: number }>; nextCursor: string | null } = await get(`/items?limit=200&muted=${muted}${cursor === null ? '' : `&cursor=${cursor}`}`);
        out.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return out;
    };
    const volumeTotal = async (muted?: string): Promise<number> => (await get<Volume>(`/dashboard/volume?window=30d&by=source${muted === undefined ? '' : `&muted=${muted}`}`)).series.reduce((s, x) => s + x.total, 0);
    const statsTotal = async (muted?: string): Promise<number> => (await get<{ total: number }>(`/signals/stats${muted === undefined ? '' : `?muted=${muted}`}`)).total;
    const snapshotIds = async (filters: object): Promise<number[]> => {
      const r = await app.inject({ method: 'POST', url: '/snapshots', headers: { 'x-api-key': ADMIN }, payload: { format: 'ndjson', filters } });
      expect(r.statusCode, r.body).toBe(201);
      const body = await app.inject({ method: 'GET', url: `/snapshots/${(r.json() as { id: string }).id}/download`, headers: { 'x-api-key': ADMIN } });
      return body.body.split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { id: number }).id);
    };
    const exportIds = async (muted?: 'include' | 'only'): Promise<number[]> => {
      const file = join(dir, `export-${muted ?? 'default'}.ndjson`);
      await writeExport(store, 'ndjson', file, 50, muted);
      return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { id: number }).id);
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'mutes-everywhere-'));
      store = await demoStore(target);
      app = await buildApp({ store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN], rateLimit: { anonymousPerMinute: 1_000_000, keyedPerMinute: 1_000_000 } }), version: 'test' });
    }, 120_000);
    afterAll(async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('a muted author leaves GET /items, snapshots, the export, the volume chart and the counts unless asked; only shows just them', async () => {
      const all = await itemIds('include');
      const before = { items: await itemIds('exclude'), volume: await volumeTotal(), stats: await statsTotal(), snapshot: await snapshotIds({}), export: await exportIds() };
      expect(sorted(before.items)).toEqual(sorted(all));
      expect(sorted(before.snapshot)).toEqual(sorted(all));
      expect(sorted(before.export)).toEqual(sorted(all));

      const newest = await get<{ items: Array<{ id: number; author: string | null }> }>('/items?limit=200&muted=include');
      const author = newest.items.find((i) => i.author !== null)?.author as string;
      expect(author).toBeTruthy();
      const byAuthor = newest.items.filter((i) => i.author === author).map((i) => i.id);
      const made = await app.inject({ method: 'POST', url: '/mutes', headers: { 'x-api-key': ADMIN }, payload: { kind: 'author', value: author } });
      expect(made.statusCode, made.body).toBe(201);

      const muted = await itemIds('only');
      expect(muted.length).toBeGreaterThan(0);
      for (const id of byAuthor) expect(muted).toContain(id);
      const shown = await itemIds('exclude');
      expect(shown.filter((id) => muted.includes(id))).toEqual([]);
      expect(sorted([...shown, ...muted])).toEqual(sorted(all));
      expect(sorted(await itemIds('include'))).toEqual(sorted(all));

      // exports: the snapshot and harvest export's writer, hidden by default, include and only on request
      expect(sorted(await snapshotIds({}))).toEqual(sorted(shown));
      expect(sorted(await snapshotIds({ muted: 'include' }))).toEqual(sorted(all));
      expect(sorted(await snapshotIds({ muted: 'only' }))).toEqual(sorted(muted));
      expect(sorted(await exportIds())).toEqual(sorted(shown));
      expect(sorted(await exportIds('include'))).toEqual(sorted(all));
      expect(sorted(await exportIds('only'))).toEqual(sorted(muted));

      // the Overview: counts and the volume chart leave the muted items out; include and only add up
      const mutedSignals = (await get<{ total: number }>('/signals?pageSize=1&muted=only')).total;
      expect(mutedSignals).toBeGreaterThanOrEqual(muted.length);
      expect(await statsTotal()).toBe(before.stats - mutedSignals);
      expect(await statsTotal('include')).toBe(before.stats);
      expect(await statsTotal('only')).toBe(mutedSignals);
      const [vExclude, vInclude, vOnly] = [await volumeTotal(), await volumeTotal('include'), await volumeTotal('only')];
      expect(vInclude).toBe(before.volume);
      expect(vOnly).toBeGreaterThan(0);
      expect(vExclude + vOnly).toBe(vInclude);

      // bad views are named, nothing changes
      for (const url of ['/items?muted=sometimes', '/signals/stats?muted=sometimes', '/dashboard/volume?muted=sometimes']) {
        const r = await app.inject({ method: 'GET', url, headers: { 'x-api-key': ADMIN } });
        expect(r.statusCode, url).toBe(400);
        expect(r.body).toMatch(/muted/);
      }
      const bad = await app.inject({ method: 'POST', url: '/snapshots', headers: { 'x-api-key': ADMIN }, payload: { format: 'ndjson', filters: { muted: 'sometimes' } } });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toMatch(/muted/);
    });
  });
}
