import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/store.port.js';
import { storeTargets } from '../helpers/stores.js';

const T1 = '2026-11-20T11:00:00.000Z';
const T2 = '2026-11-20T12:00:00.000Z';
const T3 = '2026-11-20T13:00:00.000Z';

for (const target of storeTargets()) {
  describe(`source state repository: per-part rows and partial runs [${target.name}]`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await target.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps one row per (source, part): a success resets its failures, a failure counts them and keeps the last success', async () => {
      await store.sourceState.recordParts('rss', T1, [
        { key: 'guardian', fetchedCount: 55, error: null },
        { key: 'moved', fetchedCount: 0, error: 'UPSTREAM_BAD_RESPONSE: it is an HTML page, not a feed' },
      ]);
      await store.sourceState.recordParts('x', T1, [{ key: 'guardian', fetchedCount: 3, error: null }]);
      await store.sourceState.recordParts('rss', T2, [
        { key: 'guardian', fetchedCount: 0, error: 'UPSTREAM_UNAVAILABLE: feed: 503' },
        { key: 'moved', fetchedCount: 0, error: 'UPSTREAM_BAD_RESPONSE: still HTML' },
      ]);
      await store.sourceState.recordParts('rss', T3, [{ key: 'moved', fetchedCount: 4, error: null }]);
      await store.sourceState.recordParts('rss', T3, []);

      expect(await store.sourceState.listParts()).toEqual([
        { source: 'rss', key: 'guardian', lastSuccessAt: T1, lastErrorAt: T2, lastError: 'UPSTREAM_UNAVAILABLE: feed: 503', consecutiveFailures: 1, lastFetchedCount: 55 },
        { source: 'rss', key: 'moved', lastSuccessAt: T3, lastErrorAt: T2, lastError: 'UPSTREAM_BAD_RESPONSE: still HTML', consecutiveFailures: 0, lastFetchedCount: 4 },
        { source: 'x', key: 'guardian', lastSuccessAt: T1, lastErrorAt: null, lastError: null, consecutiveFailures: 0, lastFetchedCount: 3 },
      ]);
    });

    it('a partial run counts as a success that also records its error; it ends failure counts and rate limits', async () => {
      await store.sourceState.recordFailure('rss', T1, 'UPSTREAM_UNAVAILABLE: down', null);
      await store.sourceState.recordFailure('rss', T1, 'UPSTREAM_RATE_LIMITED: wait', T3);
      await store.sourceState.recordPartial('rss', T2, 70, 'rss: 1 of 3 feeds failed');
      await store.sourceState.recordPartial('x', T2, 5, 'UPSTREAM_RATE_LIMITED: wait');
      expect(await store.sourceState.list()).toEqual([
        { source: 'rss', lastSuccessAt: T2, lastErrorAt: T2, lastError: 'rss: 1 of 3 feeds failed', consecutiveFailures: 0, rateLimitedUntil: null, lastFetchedCount: 70 },
        { source: 'x', lastSuccessAt: T2, lastErrorAt: T2, lastError: 'UPSTREAM_RATE_LIMITED: wait', consecutiveFailures: 0, rateLimitedUntil: null, lastFetchedCount: 5 },
      ]);
    });
  });
}
