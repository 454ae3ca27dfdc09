/*
 * Reading spikes and series (CLI `harvest spikes`, `GET /spikes`, `GET /series`): one function each,
 * so the command and the routes hold no logic.
 */
import { inputError } from '../domain/errors.js';
import type { Store } from '../store/store.port.js';
import type { Resolution, Spike, VolumePoint } from '../store/volumes.port.js';
import { seriesLabel, spikeSentence } from './explain.js';
import { BUCKET_MS, entityIdOf } from './series-keys.js';

const HOUR_BUCKETS = 12;

export interface SpikeView extends Spike {
  label: string;
  /** "term \"login\": 42 mentions in the last hour, usually 3 ± 2 at this hour (p < 0.001)" */
  explanation: string;
}

export const toSpikeView = (s: Spike, label = seriesLabel(s.key)): SpikeView => {
  return { ...s, label, explanation: spikeSentence({ label, hourCount: s.hourCount, usualPerHour: s.expected * HOUR_BUCKETS, spreadPerHour: s.spread * Math.sqrt(HOUR_BUCKETS), spike: s }) };
};

/** Labels of these series keys; entity series named by their entity (one read per distinct entity). */
const labels = async (store: Store, keys: readonly string[]): Promise<Map<string, string>> => {
  const out = new Map<string, string>();
  for (const key of new Set(keys)) {
    const id = entityIdOf(key);
    out.set(key, seriesLabel(key, id === undefined ? undefined : (await store.entities.get(id, 0))?.name));
  }
  return out;
};

/** Spikes that started within the last `hours` (default 24), newest first, optionally of one series. */
export const listSpikes = async (store: Store, now: Date, q: { hours?: number; series?: string; limit?: number }): Promise<SpikeView[]> => {
  const since = new Date(now.getTime() - (q.hours ?? 24) * 3_600_000).toISOString();
  const rows = await store.volumes.spikes({ since, key: q.series, limit: q.limit ?? 100 });
  const named = await labels(store, rows.map((r) => r.key));
  return rows.map((r) => toSpikeView(r, named.get(r.key)));
};

const WINDOWS: Record<string, { ms: number; resolution: Resolution; stepMs: number }> = {
  '6h': { ms: 6 * 3_600_000, resolution: '5m', stepMs: BUCKET_MS },
  '24h': { ms: 24 * 3_600_000, resolution: '5m', stepMs: BUCKET_MS },
  '7d': { ms: 7 * 86_400_000, resolution: '1h', stepMs: 3_600_000 },
  '30d': { ms: 30 * 86_400_000, resolution: '1d', stepMs: 86_400_000 },
};
export const SERIES_WINDOWS = Object.keys(WINDOWS);

export interface SeriesView {
  key: string;
  label: string;
  window: string;
  resolution: Resolution;
  /** Every bucket of the window, zeros included, oldest first. */
  points: VolumePoint[];
  spikes: SpikeView[];
}

/** One series over a window (6h, 24h at 5 minutes; 7d hourly; 30d daily), with the spikes in it. */
export const readSeries = async (store: Store, now: Date, key: string, window = '24h'): Promise<SeriesView> => {
  const w = WINDOWS[window];
  if (!w) throw inputError(`window must be one of ${SERIES_WINDOWS.join(', ')} (got ${JSON.stringify(window)})`);
  if (!/^(category|source|tag|term|story|entity):.+/.test(key)) throw inputError(`key must look like "category:bug", "source:x", "tag:login", "term:login outage", "story:12" or "entity:7" (got ${JSON.stringify(key.slice(0, 80))})`);
  const end = now.getTime() - (now.getTime() % w.stepMs);
  const start = end - w.ms + w.stepMs;
  const found = await store.volumes.series(key, w.resolution, new Date(start).toISOString(), new Date(end).toISOString());
  const counts = new Map(found.map((p) => [p.bucket, p.count]));
  const points: VolumePoint[] = [];
  for (let t = start; t <= end; t += w.stepMs) {
    const bucket = new Date(t).toISOString();
    points.push({ bucket, count: counts.get(bucket) ?? 0 });
  }
  const label = (await labels(store, [key])).get(key) ?? seriesLabel(key);
  const spikes = (await store.volumes.spikes({ since: new Date(start).toISOString(), key, limit: 500 })).map((s) => toSpikeView(s, label));
  return { key, label, window, resolution: w.resolution, points, spikes };
};
