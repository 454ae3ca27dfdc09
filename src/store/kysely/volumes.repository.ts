import { sql, type Kysely } from 'kysely';
import type { CountableItem, ItemCount, SeriesKind, SeriesState, Spike, SpikeAlertStatus, VolumesRepository } from '../volumes.port.js';
import type { SqliteWrites } from '../dialects/sqlite-writes.js';
import type { Database, SpikesTable } from './tables.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The hourly and daily bucket a 5-minute bucket rolls up into. */
const rollups = (bucket5m: string): Array<['1h' | '1d', string]> => {
  const t = Date.parse(bucket5m);
  return [
    ['1h', new Date(t - (t % HOUR_MS)).toISOString()],
    ['1d', new Date(t - (t % DAY_MS)).toISOString()],
  ];
};

/** Rows per multi-row statement in `count` (4 parameters a row: well under SQLite's and PostgreSQL's limits). */
const COUNT_CHUNK = 1_000;

type SpikeRow = Omit<SpikesTable, 'id'> & { id: number | string };
const toSpike = (r: SpikeRow): Spike => ({
  id: Number(r.id),
  key: r.series_key,
  kind: r.kind as SeriesKind,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  score: Number(r.score),
  peakScore: Number(r.peak_score),
  count: Number(r.count),
  expected: Number(r.expected),
  spread: Number(r.spread),
  p: Number(r.p),
  hourCount: Number(r.hour_count),
  createdAt: r.created_at,
});

const toCountable = (r: { id: number | string; source: string; created_at: string; title: string | null; text: string; category: string; tags: string }): CountableItem => ({
  itemId: Number(r.id),
  source: r.source,
  createdAt: r.created_at,
  title: r.title,
  text: r.text,
  category: r.category,
  tags: parseTags(r.tags),
});

const parseTags = (raw: string): string[] => {
  try {
    const v = JSON.parse(raw) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};

/** Increments per (series, resolution, bucket) of a counting transaction, written as multi-row upserts. */
class Increments {
  private readonly map = new Map<string, { series_key: string; resolution: '5m' | '1h' | '1d'; bucket: string; count: number }>();

  /** One item counted in `key` in the 5-minute bucket `bucket5m`, and in its hour and day. */
  add(key: string, bucket5m: string): void {
    for (const [resolution, bucket] of [['5m', bucket5m] as const, ...rollups(bucket5m)]) {
      const id = `${key}\u0000${resolution}\u0000${bucket}`;
      const inc = this.map.get(id);
      if (inc) inc.count++;
      else this.map.set(id, { series_key: key, resolution, bucket, count: 1 });
    }
  }

  async write(trx: Kysely<Database>, writes: SqliteWrites | undefined): Promise<void> {
    const all = [...this.map.values()];
    if (writes) return writes.increment('volumes', ['series_key', 'resolution', 'bucket', 'count'], ['series_key', 'resolution', 'bucket'], 'count', all);
    for (let i = 0; i < all.length; i += COUNT_CHUNK) {
      await trx
        .insertInto('volumes')
        .values(all.slice(i, i + COUNT_CHUNK))
        .onConflict((oc) => oc.columns(['series_key', 'resolution', 'bucket']).doUpdateSet({ count: sql`volumes.count + excluded.count` }))
        .execute();
    }
  }
}

/** Volumes, detector state, spikes and the spike outbox (migrations 0013_volumes, 0021_volume_marks). */
export const createVolumesRepository = (db: Kysely<Database>, writes?: SqliteWrites): VolumesRepository => ({
  async uncounted(limit, afterId) {
    let q = db
      .selectFrom('items as i')
      .innerJoin('analyses as a', 'a.item_id', 'i.id')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('volume_counted as c').select('c.item_id').whereRef('c.item_id', '=', 'i.id'))));
    if (afterId !== undefined) q = q.where('i.id', '>', afterId);
    const rows = await q.select(['i.id', 'i.source', 'i.created_at', 'i.title', 'i.text', 'a.category', 'a.tags']).orderBy('i.id').limit(limit).execute();
    return rows.map(toCountable);
  },

  async uncountedStoryMembers(limit) {
    const rows = await db
      .selectFrom('story_members as m')
      .innerJoin('items as i', 'i.id', 'm.item_id')
      // Only items already counted in their other series (so `uncounted` never skips one), not yet in this story's.
      .where(({ exists, selectFrom }) => exists(selectFrom('volume_counted as c').select('c.item_id').whereRef('c.item_id', '=', 'm.item_id')))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('volume_items as v').select('v.item_id').whereRef('v.item_id', '=', 'm.item_id').where('v.series_key', '=', sql<string>`'story:' || cast(m.story_id as text)`))),
      )
      .select(['m.item_id', 'm.story_id', 'i.created_at'])
      .orderBy('m.item_id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ itemId: Number(r.item_id), storyId: Number(r.story_id), createdAt: r.created_at }));
  },

  async entitySeriesIds(minItems, maxSeries) {
    if (maxSeries <= 0) return [];
    // `entity:` … `entity;` is the key range of entity series (the index's order, not LIKE).
    const have = await db.selectFrom('volumes').select('series_key').distinct().where('resolution', '=', '1d').where('series_key', '>=', 'entity:').where('series_key', '<', 'entity;').execute();
    const ids = have.map((r) => Number(r.series_key.slice('entity:'.length))).filter((n) => Number.isInteger(n));
    if (ids.length >= maxSeries) return ids;
    const known = new Set(ids);
    const cid = sql<number>`coalesce(e.merged_into, e.id)`;
    const top = await db
      .selectFrom('item_entities as ie')
      .innerJoin('entities as e', 'e.id', 'ie.entity_id')
      .select([cid.as('cid'), (eb) => eb.fn.count<number>('ie.item_id').distinct().as('n')])
      .groupBy(cid)
      .having((eb) => eb.fn.count('ie.item_id').distinct(), '>=', minItems)
      .orderBy('n', 'desc')
      .orderBy('cid')
      .limit(maxSeries)
      .execute();
    for (const r of top) {
      if (ids.length >= maxSeries) break;
      const id = Number(r.cid);
      if (!known.has(id)) ids.push(id);
    }
    return ids;
  },

  async uncountedEntityMembers(entityIds, limit) {
    if (entityIds.length === 0) return [];
    const cid = sql<number>`coalesce(e.merged_into, e.id)`;
    const rows = await db
      .selectFrom('item_entities as ie')
      .innerJoin('entities as e', 'e.id', 'ie.entity_id')
      .innerJoin('items as i', 'i.id', 'ie.item_id')
      .where(cid, 'in', [...entityIds])
      // Only items already counted in their other series (so `uncounted` never skips one), not yet in this entity's.
      .where(({ exists, selectFrom }) => exists(selectFrom('volume_counted as c').select('c.item_id').whereRef('c.item_id', '=', 'ie.item_id')))
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('volume_items as v').select('v.item_id').whereRef('v.item_id', '=', 'ie.item_id').where('v.series_key', '=', sql<string>`'entity:' || cast(coalesce(e.merged_into, e.id) as text)`))),
      )
      .select(['ie.item_id', cid.as('cid'), 'i.created_at'])
      .orderBy('ie.item_id')
      .orderBy('cid')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ itemId: Number(r.item_id), entityId: Number(r.cid), createdAt: r.created_at }));
  },

  async count(items) {
    if (items.length === 0) return 0;
    const byId = new Map(items.map((it) => [it.itemId, it]));
    return db.transaction().execute(async (trx) => {
      // The items newly marked are the ones counted: an item counts once, whatever its series.
      const fresh: ItemCount[] = [];
      const ids = [...byId.keys()];
      if (writes) {
        const isNew = writes.insertIgnore('volume_counted', ['item_id'], ['item_id'], ids.map((item_id) => ({ item_id })));
        ids.forEach((id, i) => isNew[i] && fresh.push(byId.get(id)!));
      }
      for (let i = 0; !writes && i < ids.length; i += COUNT_CHUNK) {
        const marked = await trx
          .insertInto('volume_counted')
          .values(ids.slice(i, i + COUNT_CHUNK).map((item_id) => ({ item_id })))
          .onConflict((oc) => oc.column('item_id').doNothing())
          .returning('item_id')
          .execute();
        for (const { item_id } of marked) fresh.push(byId.get(Number(item_id))!);
      }
      const increments = new Increments();
      for (const item of fresh) for (const key of new Set(item.keys)) increments.add(key, item.bucket);
      await increments.write(trx, writes);
      return fresh.length;
    });
  },

  async countMembers(items) {
    const rows: Array<{ series_key: string; item_id: number; bucket: string }> = [];
    for (const item of items) for (const key of new Set(item.keys)) rows.push({ series_key: key, item_id: item.itemId, bucket: item.bucket });
    if (rows.length === 0) return 0;
    return db.transaction().execute(async (trx) => {
      // Which (series, item) pairs are new decides what is incremented: an item counts once per series.
      const increments = new Increments();
      let fresh = 0;
      if (writes) {
        const isNew = writes.insertIgnore('volume_items', ['series_key', 'item_id', 'bucket'], ['series_key', 'item_id'], rows);
        rows.forEach((r, i) => isNew[i] && (fresh++, increments.add(r.series_key, r.bucket)));
      }
      for (let i = 0; !writes && i < rows.length; i += COUNT_CHUNK) {
        const inserted = await trx
          .insertInto('volume_items')
          .values(rows.slice(i, i + COUNT_CHUNK))
          .onConflict((oc) => oc.columns(['series_key', 'item_id']).doNothing())
          .returning(['series_key', 'bucket'])
          .execute();
        for (const { series_key: key, bucket } of inserted) {
          fresh++;
          increments.add(key, bucket);
        }
      }
      await increments.write(trx, writes);
      return fresh;
    });
  },

  async series(key, resolution, from, to) {
    const rows = await db
      .selectFrom('volumes')
      .select(['bucket', 'count'])
      .where('series_key', '=', key)
      .where('resolution', '=', resolution)
      .where('bucket', '>=', from)
      .where('bucket', '<=', to)
      .orderBy('bucket')
      .execute();
    return rows.map((r) => ({ bucket: r.bucket, count: Number(r.count) }));
  },

  async seriesKeys() {
    const rows = await db.selectFrom('volumes').select(['series_key']).select((eb) => eb.fn.min('bucket').as('first')).where('resolution', '=', '5m').groupBy('series_key').orderBy('series_key').execute();
    return rows.map((r) => ({ key: r.series_key, firstBucket: String(r.first) }));
  },

  async states() {
    const rows = await db.selectFrom('spike_series').selectAll().execute();
    return rows.map((r): SeriesState => ({ key: r.series_key, kind: r.kind as SeriesKind, state: r.state, scoredThrough: r.scored_through, lastScore: Number(r.last_score), openSpikeId: r.open_spike_id === null ? null : Number(r.open_spike_id) }));
  },

  async saveScored(scored, now) {
    return db.transaction().execute(async (trx) => {
      const { state, open } = scored;
      let openId: number | null = null;
      if (state.openSpikeId !== null && open) {
        await trx
          .updateTable('spikes')
          .set((eb) => ({ peak_score: sql<number>`case when ${eb.ref('peak_score')} > ${open.peak} then ${eb.ref('peak_score')} else ${open.peak} end`, ended_at: open.endedAt }))
          .where('id', '=', state.openSpikeId)
          .execute();
        if (open.endedAt === null) openId = state.openSpikeId;
      } else if (state.openSpikeId !== null) openId = state.openSpikeId;
      const ids: number[] = [];
      for (const s of scored.spikes) {
        const row = await trx
          .insertInto('spikes')
          .values({ series_key: s.key, kind: s.kind, started_at: s.startedAt, ended_at: s.endedAt, score: s.score, peak_score: s.peakScore, count: s.count, expected: s.expected, spread: s.spread, p: s.p, hour_count: s.hourCount, created_at: now })
          .onConflict((oc) => oc.columns(['series_key', 'started_at']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (row) ids.push(Number(row.id));
        if (row && s.endedAt === null) openId = Number(row.id);
      }
      const values = { kind: state.kind, state: state.state, scored_through: state.scoredThrough, last_score: state.lastScore, open_spike_id: openId, updated_at: now };
      await trx
        .insertInto('spike_series')
        .values({ series_key: state.key, ...values })
        .onConflict((oc) => oc.column('series_key').doUpdateSet(values))
        .execute();
      return ids;
    });
  },

  async spikes(q) {
    let query = db.selectFrom('spikes').selectAll();
    if (q.since) query = query.where('started_at', '>=', q.since);
    if (q.key) query = query.where('series_key', '=', q.key);
    const rows = await query.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(q.limit).execute();
    return rows.map(toSpike);
  },

  async topItems(key, from, to, limit) {
    const rows = await db
      .selectFrom('volume_items as v')
      .leftJoin('scores as s', 's.item_id', 'v.item_id')
      .select('v.item_id')
      .where('v.series_key', '=', key)
      .where('v.bucket', '>=', from)
      .where('v.bucket', '<=', to)
      .orderBy(sql`coalesce(s.salience, 0)`, 'desc')
      .orderBy('v.item_id')
      .limit(limit)
      .execute();
    return rows.map((r) => Number(r.item_id));
  },

  async candidateItems(filter, from, to, limit) {
    let q = db
      .selectFrom('items as i')
      .innerJoin('volume_counted as c', 'c.item_id', 'i.id')
      .innerJoin('analyses as a', 'a.item_id', 'i.id')
      .leftJoin('scores as s', 's.item_id', 'i.id')
      .where('i.created_at', '>=', from)
      .where('i.created_at', '<', to);
    if (filter.category !== undefined) q = q.where(sql<string>`a.category`, '=', filter.category);
    if (filter.source !== undefined) q = q.where('i.source', '=', filter.source);
    // A pre-filter only (the caller applies the series' rule): `_` and `%` in a tag over-match, never under-match.
    if (filter.tag !== undefined) q = q.where(sql`lower(a.tags)`, 'like', `%"${filter.tag.toLowerCase()}"%`);
    // SQL's lower() folds ASCII only: a word with other letters is left to the caller's rule.
    for (const w of filter.words ?? []) if (/^[\x20-\x7e]+$/.test(w)) q = q.where(sql`lower(coalesce(i.title, '') || ' ' || i.text)`, 'like', `%${w}%`);
    const rows = await q
      .select(['i.id', 'i.source', 'i.created_at', 'i.title', 'i.text', 'a.category', 'a.tags', sql<number>`coalesce(s.salience, 0)`.as('salience')])
      .orderBy('salience', 'desc')
      .orderBy('i.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...toCountable(r), salience: Number(r.salience) }));
  },

  async recoverAlerts(channel, now) {
    const r = await db.updateTable('spike_alerts').set({ status: 'unknown', updated_at: now }).where('channel', '=', channel).where('status', '=', 'sending').executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async enqueueAlerts(channel, since, now, kinds) {
    if (kinds.length === 0) return 0;
    const spikes = await db
      .selectFrom('spikes as s')
      .select('s.id')
      .where('s.started_at', '>=', since)
      .where('s.kind', 'in', [...kinds])
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('spike_alerts as a').select('a.spike_id').whereRef('a.spike_id', '=', 's.id').where('a.channel', '=', channel))))
      .execute();
    if (spikes.length === 0) return 0;
    const r = await db
      .insertInto('spike_alerts')
      .values(spikes.map((s) => ({ spike_id: Number(s.id), channel, status: 'pending', attempts: 0, last_error: null, updated_at: now })))
      .onConflict((oc) => oc.columns(['spike_id', 'channel']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  },

  async pendingAlerts(channel, limit) {
    const rows = await db
      .selectFrom('spike_alerts as a')
      .innerJoin('spikes as s', 's.id', 'a.spike_id')
      .selectAll('s')
      .where('a.channel', '=', channel)
      .where('a.status', '=', 'pending')
      .orderBy('s.started_at')
      .limit(limit)
      .execute();
    return rows.map(toSpike);
  },

  async claimAlert(spikeId, channel, now) {
    const r = await db
      .updateTable('spike_alerts')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('spike_id', '=', spikeId)
      .where('channel', '=', channel)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  async completeAlert(spikeId, channel, status, now, error) {
    await db.updateTable('spike_alerts').set({ status, updated_at: now, last_error: error ?? null }).where('spike_id', '=', spikeId).where('channel', '=', channel).execute();
  },

  async alerts(channel) {
    let q = db.selectFrom('spike_alerts').select(['spike_id', 'channel', 'status', 'attempts']);
    if (channel) q = q.where('channel', '=', channel);
    const rows = await q.orderBy('spike_id').execute();
    return rows.map((r) => ({ spikeId: Number(r.spike_id), channel: r.channel, status: r.status as SpikeAlertStatus, attempts: Number(r.attempts) }));
  },
});
