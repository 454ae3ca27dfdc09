import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPromMetrics } from '../../src/observability/prometheus/prom.metrics.js';
import type { Store } from '../../src/store/store.port.js';
import { storeTargets } from '../helpers/stores.js';

/** `harvest_spikes_total{series_kind}` from the spikes stage, `harvest_spike_score{term}` read from the store at scrape time. */
describe.each(storeTargets())('spike metrics on $name', (target) => {
  let store: Store;
  beforeEach(async () => {
    store = await target.open();
  });
  afterEach(async () => {
    await store.close();
  });

  it('counts spikes by series kind and exports each tracked term’s latest score', async () => {
    const metrics = createPromMetrics({ version: 'test', defaultMetrics: false });
    metrics.watchStore({ store });
    metrics.spikeRaised?.('term');
    metrics.spikeRaised?.('term');
    metrics.spikeRaised?.('category');
    const state = (key: string, kind: 'term' | 'category', lastScore: number) => ({ key, kind, state: null, scoredThrough: '2026-11-20T11:55:00.000Z', lastScore, openSpikeId: null });
    await store.volumes.saveScored({ state: state('term:login outage', 'term', 0.75), spikes: [] }, '2026-11-20T12:00:00.000Z');
    await store.volumes.saveScored({ state: state('category:bug', 'category', 0.5), spikes: [] }, '2026-11-20T12:00:00.000Z');
    const text = await metrics.render();
    expect(text).toContain('harvest_spikes_total{series_kind="term"} 2');
    expect(text).toContain('harvest_spikes_total{series_kind="category"} 1');
    expect(text).toContain('harvest_spike_score{term="login outage"} 0.75');
    expect(text).not.toMatch(/harvest_spike_score\{term="bug"\}/);
  });
});
