import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { SNAPSHOT_CHUNK_BYTES } from '../../src/export/snapshots.export.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

interface SnapshotJson {
  id: string;
  status: string;
  format: string;
  filters: Record<string, unknown>;
  rows: number | null;
  bytes: number | null;
  sha256: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  downloadUrl: string | null;
}

interface ItemJson {
  id: number;
  category: string;
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

const CONTENT_TYPES = { json: /^application\/json/, csv: /^text\/csv/, ndjson: /^application\/x-ndjson/ } as const;

for (const target of storeTargets()) {
  describe(`snapshots API on the demo data [${target.name}]`, () => {
    let store: Store;
    let app: FastifyInstance;

    const build = (at = DEMO_NOW, on: Store = store) =>
      buildApp({ store: on, clock: fixedClock(at), log: silentLogger(), api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 1_000_000 } }), version: 'test' });

    beforeAll(async () => {
      store = await demoStore(target);
      app = await build();
    }, 60_000);
    afterAll(async () => {
      await app.close();
      await store.close();
    });

    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url });
      return { status: r.statusCode, body: r.json() as unknown, headers: r.headers };
    };
    const create = async (payload: unknown, on = app) => {
      const r = await on.inject({ method: 'POST', url: '/snapshots', payload: payload as Record<string, unknown> });
      return { status: r.statusCode, body: r.json() as unknown, headers: r.headers };
    };
    /** Every item of `/items` with the given filters, following the cursor. */
    const allItems = async (query: string): Promise<Array<Record<string, unknown>>> => {
      const out: Array<Record<string, unknown>> = [];
      let cursor: string | null = null;
      do {
        const r = (await get(`/items?limit=200&${query}${cursor ? `&cursor=${cursor}` : ''}`)).body as { items: Array<Record<string, unknown>>; nextCursor: string | null };
        out.push(...r.items);
        cursor = r.nextCursor;
      } while (cursor);
      return out;
    };
    const download = (id: string) => app.inject({ method: 'GET', url: `/snapshots/${id}/download` });
    /** A ready snapshot's content, as downloaded. */
    const content = async (id: string): Promise<string> => {
      const d = await download(id);
      expect(d.statusCode).toBe(200);
      return d.payload;
    };
    const snapshotCount = async (): Promise<number> => ((await get('/snapshots?pageSize=1')).body as { total: number }).total;

    it.each(['json', 'csv', 'ndjson'] as const)('POST /snapshots writes a real %s export with its checksum, and downloads it', async (format) => {
      const r = await create({ format });
      expect(r.status).toBe(201);
      const s = r.body as SnapshotJson;
      expect(s).toMatchObject({ status: 'ready', format, filters: {}, rows: 2000, error: null, createdAt: DEMO_NOW.toISOString(), downloadUrl: `/snapshots/${s.id}/download` });
      expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.headers.location).toBe(`/snapshots/${s.id}`);

      const d = await download(s.id);
      expect(d.statusCode).toBe(200);
      expect(d.headers['content-type']).toMatch(CONTENT_TYPES[format]);
      expect(d.headers['content-disposition']).toBe(`attachment; filename="snapshot-${s.id}.${format}"`);
      expect(d.headers['x-checksum-sha256']).toBe(s.sha256);
      expect(Number(d.headers['content-length'])).toBe(s.bytes);
      expect(d.rawPayload.length).toBe(s.bytes);
      expect(sha256(d.rawPayload)).toBe(s.sha256);
      const text = d.rawPayload.toString('utf8');
      if (format === 'json') expect(JSON.parse(text)).toHaveLength(2000);
      if (format === 'csv') {
        expect(text.split('\n')[0]).toMatch(/^id,source,externalId,url,author,createdAt,category/);
        expect(text.endsWith('\n')).toBe(true);
      }
      if (format === 'ndjson') {
        const lines = text.trimEnd().split('\n');
        expect(lines).toHaveLength(2000);
        for (const line of lines) expect(JSON.parse(line)).toHaveProperty('salience');
      }
    });

    it('stores a large export in several chunks and streams them back in order', async () => {
      const s = (await create({ format: 'json' })).body as SnapshotJson;
      // 2,000 demo signals as JSON are about 1.4 MB: a full 1 MiB chunk and the rest.
      expect(s.bytes).toBeGreaterThan(SNAPSHOT_CHUNK_BYTES);
      expect(await store.snapshots.readChunk(s.id, 0)).toHaveLength(SNAPSHOT_CHUNK_BYTES);
      expect(await store.snapshots.readChunk(s.id, 1)).toHaveLength((s.bytes as number) - SNAPSHOT_CHUNK_BYTES);
      expect(await store.snapshots.readChunk(s.id, 2)).toBeUndefined();
      expect(sha256((await download(s.id)).rawPayload)).toBe(s.sha256);
    });

    it('exports exactly the filtered set, newest first, as /items shows it', async () => {
      const r = await create({ format: 'json', filters: { category: 'outage' } });
      const s = r.body as SnapshotJson;
      expect(s).toMatchObject({ status: 'ready', filters: { category: 'outage' } });
      const items = await allItems('category=outage');
      expect(items.length).toBeGreaterThan(0);
      expect(s.rows).toBe(items.length);
      const exported = JSON.parse(await content(s.id)) as ItemJson[];
      expect(exported).toEqual(items);
    });

    it('combines filters (hours, minSalience, search, sentiment, source) like /items', async () => {
      const filters = { hours: 48, minSalience: 20, search: 'status page', sentiment: 'negative', source: 'demo' };
      const s = (await create({ format: 'ndjson', filters })).body as SnapshotJson;
      const items = await allItems('hours=48&minSalience=20&search=status%20page&sentiment=negative&source=demo');
      expect(items.length).toBeGreaterThan(0);
      expect(items.length).toBeLessThan(2000);
      expect(s).toMatchObject({ status: 'ready', filters, rows: items.length });
      const lines = (await content(s.id)).split('\n').filter(Boolean);
      expect(lines.map((l) => (JSON.parse(l) as ItemJson).id)).toEqual(items.map((i) => i.id));
    });

    it('writes an empty set as a valid file', async () => {
      const s = (await create({ format: 'json', filters: { search: 'no such text anywhere 4f1d' } })).body as SnapshotJson;
      expect(s).toMatchObject({ status: 'ready', rows: 0 });
      expect(JSON.parse(await content(s.id))).toEqual([]);
      const csv = (await create({ format: 'csv', filters: { search: 'no such text anywhere 4f1d' } })).body as SnapshotJson;
      expect((await content(csv.id)).trimEnd().split('\n')).toHaveLength(1);
    });

    it('GET /snapshots pages newest first with a total; GET /snapshots/{id} reads one', async () => {
      const all = (await get('/snapshots?pageSize=100')).body as { items: SnapshotJson[]; total: number; page: number; pageSize: number };
      expect(all.total).toBeGreaterThanOrEqual(7);
      expect(all.items).toHaveLength(all.total);
      expect(all).toMatchObject({ page: 1, pageSize: 100 });
      const page2 = (await get('/snapshots?page=2&pageSize=3')).body as { items: SnapshotJson[]; total: number };
      expect(page2.items.map((s) => s.id)).toEqual(all.items.slice(3, 6).map((s) => s.id));
      expect((await get('/snapshots')).body).toMatchObject({ page: 1, pageSize: 20 });
      const ready = (await get('/snapshots?status=ready&pageSize=100')).body as { items: SnapshotJson[]; total: number };
      expect(ready.items.every((s) => s.status === 'ready')).toBe(true);
      expect(((await get('/snapshots?status=processing')).body as { total: number }).total).toBe(0);

      const one = all.items[0] as SnapshotJson;
      expect(await get(`/snapshots/${one.id}`)).toMatchObject({ status: 200, body: one });
      expect((await get(`/snapshots/${one.id.toUpperCase()}`)).body).toEqual(one);
      expect(one).not.toHaveProperty('path');
    });

    it.each([
      [{ format: 'json', colour: 'red' }, 'body.colour'],
      [{ format: 'json', filters: { category: 'outage', colour: 'red' } }, 'body.filters.colour'],
      [{ format: 'xml' }, 'body.format'],
      [{}, 'body.format'],
      [{ format: 'json', filters: { category: 'rumour' } }, 'body.filters.category'],
      [{ format: 'json', filters: { minSalience: 101 } }, 'body.filters.minSalience'],
      [{ format: 'json', filters: { hours: 0 } }, 'body.filters.hours'],
      [{ format: 'json', filters: 'outage' }, 'body.filters'],
    ])('POST /snapshots %j → 400 naming %s', async (payload, field) => {
      const before = await snapshotCount();
      const r = await create(payload);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'INPUT_INVALID' } });
      expect(JSON.stringify(r.body)).toContain(field);
      expect(await snapshotCount()).toBe(before);
    });

    it.each([
      ['/snapshots?pageSize=101', 'querystring.pageSize'],
      ['/snapshots?pageSize=0', 'querystring.pageSize'],
      ['/snapshots?page=0', 'querystring.page'],
      ['/snapshots?page=Infinity', 'querystring.page'],
      ['/snapshots?pageSize=1e309', 'querystring.pageSize'],
      ['/snapshots?status=done', 'querystring.status'],
      ['/snapshots?bogus=1', 'querystring.bogus'],
      ['/snapshots/not-a-uuid', 'params.id'],
      ['/snapshots/123', 'params.id'],
      ['/snapshots/not-a-uuid/download', 'params.id'],
      ['/snapshots/urn:uuid:6f1c2f0e-5b7a-4a8e-9c1d-2f3e4a5b6c7d/download', 'params.id'],
      ['/snapshots/..%2F..%2Fetc%2Fpasswd/download', 'params.id'],
    ])('GET %s → 400 naming %s', async (url, field) => {
      const r = await get(url);
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ error: { code: 'INPUT_INVALID' } });
      expect(JSON.stringify(r.body)).toContain(field);
    });

    it('404 for an unknown snapshot, on read and on download', async () => {
      const id = randomUUID();
      expect(await get(`/snapshots/${id}`)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
      const d = await download(id);
      expect(d.statusCode).toBe(404);
      expect(d.json()).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.stringContaining(id) } });
    });

    it('409 while a snapshot is not ready (processing or failed)', async () => {
      const processing = randomUUID();
      await store.snapshots.create({ id: processing, format: 'csv', filters: {} });
      const failed = randomUUID();
      await store.snapshots.create({ id: failed, format: 'csv', filters: {} });
      await store.snapshots.fail(failed, 'ENOSPC: could not write the snapshot file');
      for (const id of [processing, failed]) {
        const d = await download(id);
        expect(d.statusCode).toBe(409);
        expect(d.json()).toMatchObject({ error: { code: 'CONFLICT' } });
      }
      expect((await get(`/snapshots/${processing}`)).body).toMatchObject({ status: 'processing', downloadUrl: null });
      expect((await get(`/snapshots/${failed}`)).body).toMatchObject({ status: 'failed', error: 'ENOSPC: could not write the snapshot file', downloadUrl: null });
    });

    it('410 when a ready snapshot has no stored content (taken before the content moved into the store)', async () => {
      const id = randomUUID();
      await store.snapshots.create({ id, format: 'ndjson', filters: {} });
      await store.snapshots.complete(id, { rows: 1, bytes: 10, sha256: 'b'.repeat(64) });
      const d = await download(id);
      expect(d.statusCode).toBe(410);
      expect(d.json()).toMatchObject({ error: { code: 'GONE', message: expect.stringMatching(/no longer stored/) } });
    });

    it('a write that fails marks the snapshot failed and keeps none of its content', async () => {
      let written = 0;
      const failing: Store = {
        ...store,
        snapshots: {
          ...store.snapshots,
          // The store refuses the second chunk (a full disk on the database server, say).
          appendChunk: async (id, seq, data) => {
            if (seq > 0) throw Object.assign(new Error('could not extend file "base/16384/2613": No space left on device'), { code: '53100' });
            written++;
            return store.snapshots.appendChunk(id, seq, data);
          },
        },
      };
      const broken = await build(DEMO_NOW, failing);
      try {
        const r = await create({ format: 'json' }, broken);
        expect(r.status).toBe(500);
        expect(r.body).toMatchObject({ error: { code: 'INTERNAL', message: 'internal error' } });
        expect(written).toBe(1);
        const failed = (await get('/snapshots?status=failed&pageSize=100')).body as { items: SnapshotJson[] };
        const mine = failed.items.find((s) => s.error !== null && /could not store/.test(s.error));
        expect(mine).toMatchObject({ status: 'failed', sha256: null, rows: null, downloadUrl: null });
        expect(mine?.error).not.toContain('base/16384');
        expect(await store.snapshots.readChunk(mine?.id as string, 0)).toBeUndefined();
      } finally {
        await broken.close();
      }
    });

    it('never leaves a snapshot processing: a dead writer\'s row is failed once it is stale', async () => {
      const orphan = randomUUID();
      await store.snapshots.create({ id: orphan, format: 'json', filters: {} });
      // The same store seen by an instance started an hour later (the store's rows were created at DEMO_NOW).
      const later = await build(new Date(DEMO_NOW.getTime() + 3_600_000));
      try {
        await later.ready();
        const r = await later.inject({ method: 'GET', url: `/snapshots/${orphan}` });
        expect(r.json()).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
        const still = (await later.inject({ method: 'GET', url: '/snapshots?status=processing' })).json() as { total: number };
        expect(still.total).toBe(0);
      } finally {
        await later.close();
      }
    });

    it('is described in the OpenAPI document', async () => {
      const doc = (await get('/openapi.json')).body as { paths: Record<string, unknown> };
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/snapshots', '/snapshots/{id}', '/snapshots/{id}/download']));
    });
  });
}
