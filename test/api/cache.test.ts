import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createResponseCache } from '../../src/api/cache.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';

describe('response cache', () => {
  it('expires entries after the TTL, evicts the oldest beyond its size, and is off at 0', () => {
    const c = createResponseCache<string>(1000, 2);
    c.set('a', 'A', 0);
    expect(c.get('a', 1000)).toBe('A');
    expect(c.get('a', 1001)).toBeUndefined();
    c.set('a', 'A', 0);
    c.set('b', 'B', 0);
    c.set('c', 'C', 0);
    expect([c.get('a', 1), c.get('b', 1), c.get('c', 1)]).toEqual([undefined, 'B', 'C']);
    const off = createResponseCache<string>(0);
    off.set('a', 'A', 0);
    expect(off.get('a', 0)).toBeUndefined();
  });

  it('/top answers repeats from memory within the TTL, and from the store when it is 0', async () => {
    const target = storeTargets()[0];
    if (!target) throw new Error('no store');
    const store = await demoStore(target);
    const make = (cacheTtlMs: number) =>
      buildApp({ store, clock: fixedClock(DEMO_NOW), log: silentLogger(), api: apiConfigSchema.parse({ cacheTtlMs, rateLimit: { anonymousPerMinute: 1e6 } }), version: 't' });
    const cachedApp = await make(60_000);
    const liveApp = await make(0);
    const first = (await cachedApp.inject({ url: '/top?limit=3' })).json() as Array<{ id: number }>;
    await liveApp.inject({ url: '/top?limit=3' });
    await store.signals.remove(first[0]?.id ?? -1);
    const again = (await cachedApp.inject({ url: '/top?limit=3' })).json() as Array<{ id: number }>;
    const live = (await liveApp.inject({ url: '/top?limit=3' })).json() as Array<{ id: number }>;
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    expect(live.map((r) => r.id)).not.toContain(first[0]?.id);
    await cachedApp.close();
    await liveApp.close();
    await store.close();
  });
});
