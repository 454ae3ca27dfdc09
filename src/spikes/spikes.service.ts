/*
 * Volumes and spikes in the pipeline (ADR 0025): count newly analysed items into their series,
 * score each series' closed 5-minute buckets with its persisted detector (O(1) a bucket, only the
 * buckets since the last run), record spikes, and alert each spike once per channel through the
 * spike outbox (pending → sending → sent; a crash mid-send leaves `unknown`, never re-sent).
 */
import { isAppError } from '../domain/errors.js';
import type { Notifier } from '../notify/notifier.port.js';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { Store } from '../store/store.port.js';
import type { NewSpike, Spike } from '../store/volumes.port.js';
import { seriesLabel } from './explain.js';
import { BUCKET_MS, bucketOf, entityIdOf, entitySeriesKey, seriesKeys, seriesKind, storySeriesKey, termWords } from './series-keys.js';
import { scoreSeries } from './series-scoring.js';
import type { SpikesConfig } from './spikes.config.js';

export interface SpikesDeps {
  store: Store;
  clock: Clock;
  log: Logger;
  config: SpikesConfig;
  notifiers: readonly Notifier[];
  /** Called for each spike newly recorded (metrics). */
  onSpike?: (spike: NewSpike) => void;
  signal?: AbortSignal;
}

export interface SpikesResult {
  counted: number;
  series: number;
  buckets: number;
  spikes: number;
  alerted: number;
  failed: number;
  unknown: number;
}

const HOUR_BUCKETS = 12;

/** Items per counting transaction: fewer, larger statements (`count` writes each chunk with one multi-row statement). */
const COUNT_BATCH = 20_000;

/** Counts every analysed item not yet counted, a batch per transaction; then story members and entity links not yet in their series. */
export const countVolumes = async (store: Store, cfg: SpikesConfig, batch = COUNT_BATCH): Promise<number> => {
  let counted = 0;
  let after: number | undefined;
  for (;;) {
    const items = await store.volumes.uncounted(batch, after);
    if (items.length === 0) break;
    counted += await store.volumes.count(items.map((it) => ({ itemId: it.itemId, bucket: bucketOf(Date.parse(it.createdAt)), keys: seriesKeys(it, cfg.terms) })));
    after = items[items.length - 1]!.itemId;
    if (items.length < batch) break;
  }
  return counted + (await countStoryMembers(store, batch)) + (await countEntityMembers(store, cfg, batch));
};

/**
 * Story series: an item counts in its story once the stories stage has placed it (a later run
 * than its other series, when stories were off or failed). After a merge the members re-pointed
 * to the surviving story count in its series too; the merged story's series keeps what it had.
 */
const countStoryMembers = async (store: Store, batch: number): Promise<number> => {
  let counted = 0;
  for (;;) {
    const members = await store.volumes.uncountedStoryMembers(batch);
    if (members.length === 0) return counted;
    await store.volumes.countMembers(members.map((m) => ({ itemId: m.itemId, bucket: bucketOf(Date.parse(m.createdAt)), keys: [storySeriesKey(m.storyId)] })));
    counted += members.length;
    if (members.length < batch) return counted;
  }
};

/**
 * Entity series: an item counts once in the series of each canonical entity it names, once the
 * entities stage has linked it (a later run than its other series). Only the entities chosen by
 * `spikes.entities` (at least `minItems` items, at most `maxSeries` series; one that exists keeps
 * counting). A merge re-points the merged entity's items to the surviving one: they count in its
 * series too (once), the merged entity's series keeps what it had. After an unmerge the entity's
 * items count in its own series again (those counted there before the merge are not counted twice);
 * counts are never taken back, so the surviving series keeps what the merge brought it.
 */
const countEntityMembers = async (store: Store, cfg: SpikesConfig, batch: number): Promise<number> => {
  const ids = await store.volumes.entitySeriesIds(cfg.entities.minItems, cfg.entities.maxSeries);
  let counted = 0;
  for (;;) {
    const links = await store.volumes.uncountedEntityMembers(ids, batch);
    if (links.length === 0) return counted;
    // One row per item with its entities' keys (two entities of an item merged into one: one key).
    const byItem = new Map<number, { itemId: number; bucket: string; keys: Set<string> }>();
    for (const l of links) {
      const row = byItem.get(l.itemId) ?? { itemId: l.itemId, bucket: bucketOf(Date.parse(l.createdAt)), keys: new Set<string>() };
      row.keys.add(entitySeriesKey(l.entityId));
      byItem.set(l.itemId, row);
    }
    await store.volumes.countMembers([...byItem.values()].map((r) => ({ itemId: r.itemId, bucket: r.bucket, keys: [...r.keys] })));
    counted += links.length;
    if (links.length < batch) return counted;
  }
};

/** Scores every series' closed buckets since its last run. */
export const scoreVolumes = async (deps: SpikesDeps): Promise<{ series: number; buckets: number; spikes: number }> => {
  const now = deps.clock.now().getTime();
  const lastClosed = Date.parse(bucketOf(now)) - BUCKET_MS;
  const states = new Map((await deps.store.volumes.states()).map((s) => [s.key, s]));
  const out = { series: 0, buckets: 0, spikes: 0 };
  const keys = await deps.store.volumes.seriesKeys();
  // A series is scored from the first bucket of any series: before its first item it was 0, so a
  // term that appears 30 times at once is a spike against "usually 0", not a series warming up.
  const start = keys.reduce((m, k) => (k.firstBucket < m ? k.firstBucket : m), keys[0]?.firstBucket ?? '');
  for (const { key } of keys) {
    if (deps.signal?.aborted) break;
    const r = await scoreSeries(deps, key, start, states.get(key), lastClosed);
    out.series++;
    out.buckets += r.buckets;
    out.spikes += r.spikes.length;
    for (const s of r.spikes) deps.onSpike?.(s);
  }
  return out;
};

/** A series' label; an entity series is named by its entity ("entity \"Ada Lovelace\""). */
export const labelOf = async (store: Store, key: string): Promise<string> => {
  const id = entityIdOf(key);
  return seriesLabel(key, id === undefined ? undefined : (await store.entities.get(id, 0))?.name);
};

/** Candidates read to find a spike's top items in an item's own series (confirmed by `seriesKeys`). */
const CANDIDATES = 500;

/**
 * The most salient items counted in a series in the buckets `from` … `to` (inclusive). Story and
 * entity series remember their members; an item's own series (category, source, tag, term) are
 * found again by the rule that counted them, over the items created in those buckets.
 */
export const topItemIds = async (deps: Pick<SpikesDeps, 'store' | 'config'>, key: string, from: string, to: string, limit: number): Promise<number[]> => {
  const kind = seriesKind(key);
  if (kind === 'story' || kind === 'entity') return deps.store.volumes.topItems(key, from, to, limit);
  const value = key.slice(kind.length + 1);
  const filter = kind === 'category' ? { category: value } : kind === 'source' ? { source: value } : kind === 'tag' ? { tag: value } : { words: termWords(value) };
  const end = new Date(Date.parse(to) + BUCKET_MS).toISOString();
  const candidates = await deps.store.volumes.candidateItems(filter, from, end, CANDIDATES);
  return candidates.filter((it) => seriesKeys(it, deps.config.terms).includes(key)).slice(0, limit).map((it) => it.itemId);
};

/** The alert for one spike: its sentence's numbers and the loudest items of its hour. */
const spikeAlert = async (deps: SpikesDeps, spike: Spike, dashboardUrl: string | undefined) => {
  const start = Date.parse(spike.startedAt);
  const ids = await topItemIds(deps, spike.key, new Date(start - (HOUR_BUCKETS - 1) * BUCKET_MS).toISOString(), spike.startedAt, 5);
  const topItems = (await Promise.all(ids.map((id) => deps.store.getSignal(id)))).filter((s) => s !== undefined);
  return {
    spike,
    label: await labelOf(deps.store, spike.key),
    hourCount: spike.hourCount,
    usualPerHour: spike.expected * HOUR_BUCKETS,
    spreadPerHour: spike.spread * Math.sqrt(HOUR_BUCKETS),
    topItems,
    dashboardUrl,
  };
};

/** Each channel: recover interrupted sends, queue recent spikes, claim → send → complete. */
export const alertSpikes = async (deps: SpikesDeps): Promise<{ alerted: number; failed: number; unknown: number }> => {
  const out = { alerted: 0, failed: 0, unknown: 0 };
  const now = () => deps.clock.now().toISOString();
  const since = new Date(deps.clock.now().getTime() - deps.config.alertHours * 3_600_000).toISOString();
  for (const notifier of deps.notifiers) {
    const { channel } = notifier;
    out.unknown += await deps.store.volumes.recoverAlerts(channel, now());
    await deps.store.volumes.enqueueAlerts(channel, since, now(), deps.config.alertKinds);
    for (const spike of await deps.store.volumes.pendingAlerts(channel, 50)) {
      if (!(await deps.store.volumes.claimAlert(spike.id, channel, now()))) continue;
      // Routing rules (ADR 0027): a channel whose rules do not take this series gets no message
      // (closed, so it leaves the queue).
      if (notifier.accepts && !notifier.accepts({ kind: 'spike', series: spike.key, score: spike.score * 100 })) {
        await deps.store.volumes.completeAlert(spike.id, channel, 'failed', now(), 'not routed to this channel');
        continue;
      }
      try {
        // A stable message id (a webhook's webhook-id, an e-mail's Message-ID): one per spike.
        await notifier.send({ kind: 'spike', spike: await spikeAlert(deps, spike, notifier.settings.dashboardUrl) }, deps.signal, `spike_${spike.id}`);
        await deps.store.volumes.completeAlert(spike.id, channel, 'sent', now());
        out.alerted++;
      } catch (err) {
        const ambiguous = isAppError(err) && err.code === 'TIMEOUT';
        const status = ambiguous ? 'unknown' : isAppError(err) && err.retryable ? 'pending' : 'failed';
        const reason = isAppError(err) ? `${err.code}: ${err.message}` : (err as Error).message;
        await deps.store.volumes.completeAlert(spike.id, channel, status, now(), reason);
        if (ambiguous) out.unknown++;
        else out.failed++;
        deps.log.warn({ spikeId: spike.id, channel, status, err: reason }, 'spike alert not delivered');
      }
    }
  }
  return out;
};

/** Count → score → alert; what the pipeline's spikes stage runs. */
export const runSpikes = async (deps: SpikesDeps): Promise<SpikesResult> => {
  const counted = await countVolumes(deps.store, deps.config);
  const scored = await scoreVolumes(deps);
  const alerts = await alertSpikes(deps);
  return { counted, ...scored, ...alerts };
};
