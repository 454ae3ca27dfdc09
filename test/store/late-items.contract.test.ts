import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewItem } from '../../src/domain/item.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { Clock } from '../../src/platform/clock.js';
import { runSpikes } from '../../src/spikes/spikes.service.js';
import { spikesConfigSchema, type SpikesConfig } from '../../src/spikes/spikes.config.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

/*
 * A late item rescores its bucket (ADR 0025, amended): items that arrive after their bucket was
 * scored are counted, and, when the bucket is within `spikes.lateBuckets` of the last scored one,
 * the next run replays it — here 30 late posts make a spike at their own bucket. Later than that,
 * they are counted but not rescored. SQLite and PostgreSQL.
 */
const START = Date.UTC(2026, 10, 18, 0, 0);
const B = 300_000;
const QUIET_UNTIL = 312;

const clockAt = (ms: number): Clock & { set(ms: number): void } => {
  let now = ms;
  return { now: () => new Date(now), set: (m: number) => void (now = m) };
};

let serial = 0;
const save = async (store: Store, items: NewItem[]): Promise<void> => {
  await store.saveFetchBatch('demo', items);
  const pending = await store.pendingAnalysis(0, 1000);
  await store.saveAnalyses(pending.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: 'question', tags: [] }), provenance: heuristicProvenance, analyzedAt: new Date(START).toISOString() })));
};
/** 0–2 quiet posts a bucket in [from, to). */
const quiet = (from: number, to: number): NewItem[] =>
  Array.from({ length: to - from }, (_, i) => from + i).flatMap((b) => Array.from({ length: b % 3 }, (_, k) => newItem(++serial, { createdAt: new Date(START + b * B + k * 1000).toISOString(), text: `quiet post ${serial}` })));
const burst = (bucket: number): NewItem[] => Array.from({ length: 30 }, (_, k) => newItem(++serial, { createdAt: new Date(START + bucket * B + 60_000 + k).toISOString(), text: `late post ${serial}` }));

for (const target of storeTargets()) {
  describe(`late items [${target.name}]`, () => {
    let store: Store;
    const clock = clockAt(START);
    beforeEach(async () => {
      store = await target.open(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    /** Hourly runs through bucket 299; 30 posts for `lateBucket` arrive after that; two more hourly runs. */
    const scenario = async (config: SpikesConfig, lateBucket: number): Promise<string[]> => {
      const deps = { store, clock, log: silentLogger(), config, notifiers: [] };
      for (let b = 12; b <= 300; b += 12) {
        clock.set(START + b * B + 60_000);
        await save(store, quiet(b - 12, b));
        await runSpikes(deps);
      }
      expect((await store.volumes.states()).find((s) => s.key === 'source:demo')?.scoredThrough).toBe(new Date(START + 299 * B).toISOString());
      await save(store, burst(lateBucket));
      for (const b of [QUIET_UNTIL, QUIET_UNTIL + 12]) {
        clock.set(START + b * B + 60_000);
        await save(store, quiet(b - 12, b));
        await runSpikes(deps);
      }
      const counted = await store.volumes.series('source:demo', '5m', new Date(START + lateBucket * B).toISOString(), new Date(START + lateBucket * B).toISOString());
      expect(counted[0]?.count).toBe(30 + (lateBucket % 3));
      return (await store.volumes.spikes({ key: 'source:demo', limit: 50 })).map((s) => s.startedAt);
    };

    it('30 posts arriving after their bucket was scored raise a spike at that bucket on the next run', async () => {
      const starts = await scenario(spikesConfigSchema.parse({}), 295);
      expect(starts).toEqual([new Date(START + 295 * B).toISOString()]);
    });

    it('with lateBuckets 0 they are counted but not rescored', async () => {
      expect(await scenario(spikesConfigSchema.parse({ lateBuckets: 0 }), 295)).toEqual([]);
    });

    it('later than lateBuckets: counted, not rescored', async () => {
      expect(await scenario(spikesConfigSchema.parse({}), 280)).toEqual([]);
    });

    it('scores on from a stored state whose last scored bucket is off the 5-minute grid (a hand-edited or foreign state)', async () => {
      const deps = { store, clock, log: silentLogger(), config: spikesConfigSchema.parse({}), notifiers: [] };
      clock.set(START + 24 * B + 60_000);
      await save(store, quiet(0, 24));
      await runSpikes(deps);
      const st = (await store.volumes.states()).find((x) => x.key === 'source:demo');
      expect(st?.scoredThrough).toBe(new Date(START + 23 * B).toISOString());
      const detector = (JSON.parse(st?.state ?? '{}') as { detector: unknown }).detector;
      const offGrid = new Date(START + 23 * B - 150_000).toISOString();
      await store.volumes.saveScored({ state: { ...(st as NonNullable<typeof st>), state: JSON.stringify({ detector, checkpoint: null }), scoredThrough: offGrid }, spikes: [] }, clock.now().toISOString());
      clock.set(START + 36 * B + 60_000);
      await save(store, quiet(24, 36));
      await runSpikes(deps);
      const after = (await store.volumes.states()).find((x) => x.key === 'source:demo');
      expect(after?.scoredThrough).toBe(new Date(START + 35 * B).toISOString());
      expect(Number.isFinite(after?.lastScore)).toBe(true);
    });
  });
}
