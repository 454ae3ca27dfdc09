import type { Kysely } from 'kysely';
import type { TopicScore } from '../../topics/model.js';
import type { TopicsRepository } from '../topics.port.js';
import { parseJson } from './rows.js';
import { countDiscoveries, selectEchoCandidates, selectStorySources, updateDiscoveryScores } from './topic-echo.queries.js';
import type { Database } from './tables.js';

const ACTIVE = 'active';
const CHUNK = 500;

/** Topics over Kysely; identical on SQLite and PostgreSQL. */
export const createTopicsRepository = (db: Kysely<Database>): TopicsRepository => ({
  async activeModel() {
    const r = await db.selectFrom('topic_models').select(['model', 'trained_at']).where('name', '=', ACTIVE).executeTakeFirst();
    return r ? { model: r.model, trainedAt: r.trained_at } : undefined;
  },

  async saveModel(model, examples, trainedAt) {
    await db
      .insertInto('topic_models')
      .values({ name: ACTIVE, model, examples, trained_at: trainedAt })
      .onConflict((oc) => oc.column('name').doUpdateSet({ model, examples, trained_at: trainedAt }))
      .execute();
  },

  async examples(limit) {
    const rows = await db.selectFrom('topic_examples').select(['text', 'label']).orderBy('id').limit(limit).execute();
    return rows.map((r) => ({ text: r.text, label: r.label }));
  },

  async examplesVersion() {
    const r = await db
      .selectFrom('topic_examples')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('latest')])
      .executeTakeFirstOrThrow();
    return { count: Number(r.n), latest: r.latest ?? null };
  },

  async correct(itemId, label, now) {
    return db.transaction().execute(async (trx) => {
      const item = await trx.selectFrom('items').select(['id', 'title', 'text', 'created_at']).where('id', '=', itemId).executeTakeFirst();
      if (!item) return false;
      const text = item.title ? `${item.title}. ${item.text}` : item.text;
      await trx
        .insertInto('topic_examples')
        .values({ item_id: itemId, text, label, origin: 'correction', created_at: now })
        .onConflict((oc) => oc.column('item_id').doUpdateSet({ text, label, created_at: now }))
        .execute();
      const topics = JSON.stringify([{ name: label, score: 1 }]);
      await trx
        .insertInto('item_topics')
        .values({ item_id: itemId, topics, top: label, top_score: 1, origin: 'user', created_at: item.created_at, assigned_at: now })
        .onConflict((oc) => oc.column('item_id').doUpdateSet({ topics, top: label, top_score: 1, origin: 'user', assigned_at: now }))
        .execute();
      return true;
    });
  },

  async unassigned(afterId, limit) {
    const rows = await db
      .selectFrom('items')
      .leftJoin('item_topics', 'item_topics.item_id', 'items.id')
      .select(['items.id', 'items.source', 'items.title', 'items.text', 'items.url', 'items.author_followers', 'items.created_at'])
      .where('item_topics.item_id', 'is', null)
      .where('items.id', '>', afterId)
      .orderBy('items.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), source: r.source, title: r.title, text: r.text, url: r.url, authorFollowers: r.author_followers === null ? null : Number(r.author_followers), createdAt: r.created_at }));
  },

  async saveItemTopics(rows, now, extras) {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto('item_topics')
          .values(rows.slice(i, i + CHUNK).map((r) => ({ item_id: r.itemId, topics: JSON.stringify(r.topics), top: r.top, top_score: r.topScore, origin: r.origin, created_at: r.createdAt, assigned_at: now })))
          .onConflict((oc) =>
            oc
              .column('item_id')
              .doUpdateSet((eb) => ({ topics: eb.ref('excluded.topics'), top: eb.ref('excluded.top'), top_score: eb.ref('excluded.top_score'), origin: eb.ref('excluded.origin'), assigned_at: eb.ref('excluded.assigned_at') }))
              .where('item_topics.origin', '<>', 'user'),
          )
          .execute();
      }
      const found = extras?.discoveries ?? [];
      for (let i = 0; i < found.length; i += CHUNK) {
        await trx
          .insertInto('discoveries')
          .values(found.slice(i, i + CHUNK).map((d) => ({ item_id: d.itemId, topic: d.topic, score: d.score, breakdown: JSON.stringify(d.breakdown), created_at: d.createdAt, scored_at: now })))
          .onConflict((oc) => oc.column('item_id').doUpdateSet((eb) => ({ topic: eb.ref('excluded.topic'), score: eb.ref('excluded.score'), breakdown: eb.ref('excluded.breakdown'), scored_at: eb.ref('excluded.scored_at') })))
          .execute();
      }
      for (const c of extras?.centroids ?? []) {
        await trx
          .insertInto('topic_centroids')
          .values({ topic: c.topic, vector: c.vector, n: c.n, updated_at: now })
          .onConflict((oc) => oc.column('topic').doUpdateSet({ vector: c.vector, n: c.n, updated_at: now }))
          .execute();
      }
    });
  },

  async centroids() {
    const rows = await db.selectFrom('topic_centroids').select(['topic', 'vector', 'n']).execute();
    return rows.map((r) => ({ topic: r.topic, vector: r.vector, n: Number(r.n) }));
  },

  async discoveries(opts) {
    let q = db
      .selectFrom('discoveries')
      .innerJoin('items', 'items.id', 'discoveries.item_id')
      .select(['items.id', 'items.source', 'items.title', 'items.text', 'items.url', 'discoveries.topic', 'discoveries.score', 'discoveries.breakdown', 'discoveries.created_at', 'discoveries.scored_at'])
      .where('discoveries.created_at', '>=', opts.since);
    if (opts.topic !== undefined) q = q.where('discoveries.topic', '=', opts.topic);
    const rows = await q.orderBy('discoveries.score', 'desc').orderBy('items.id', 'desc').limit(opts.limit).execute();
    return rows.map((r) => ({
      itemId: Number(r.id),
      source: r.source,
      title: r.title,
      text: r.text,
      url: r.url,
      topic: r.topic,
      score: Number(r.score),
      breakdown: parseJson<Record<string, number>>(r.breakdown, {}),
      createdAt: r.created_at,
      scoredAt: r.scored_at,
    }));
  },

  async itemTopics(itemIds) {
    const out = new Map<number, TopicScore[]>();
    for (let i = 0; i < itemIds.length; i += CHUNK) {
      const rows = await db.selectFrom('item_topics').select(['item_id', 'topics']).where('item_id', 'in', itemIds.slice(i, i + CHUNK)).execute();
      for (const r of rows) out.set(Number(r.item_id), parseJson<TopicScore[]>(r.topics, []));
    }
    return out;
  },

  async trending(baselineStart, windowStart, until) {
    const rows = await db
      .selectFrom('item_topics')
      .select((eb) => [
        'top',
        eb.fn.sum<number>(eb.case().when('created_at', '>=', windowStart).then(1).else(0).end()).as('count'),
        eb.fn.sum<number>(eb.case().when('created_at', '<', windowStart).then(1).else(0).end()).as('baseline'),
      ])
      .where('top', 'is not', null)
      .where('created_at', '>=', baselineStart)
      .where('created_at', '<', until)
      .groupBy('top')
      .execute();
    return rows.map((r) => ({ topic: r.top as string, count: Number(r.count), baseline: Number(r.baseline) }));
  },

  async topicItems(topic, since, limit) {
    const rows = await db
      .selectFrom('item_topics')
      .innerJoin('items', 'items.id', 'item_topics.item_id')
      .leftJoin('scores', 'scores.item_id', 'items.id')
      .select(['items.id', 'items.source', 'items.title', 'items.text', 'items.url', 'items.created_at', 'item_topics.top_score', 'scores.salience'])
      .where('item_topics.top', '=', topic)
      .where('item_topics.created_at', '>=', since)
      .orderBy('scores.salience', 'desc')
      .orderBy('items.created_at', 'desc')
      .orderBy('items.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: Number(r.id), source: r.source, title: r.title, text: r.text, url: r.url, createdAt: r.created_at, score: Number(r.top_score), salience: r.salience === null ? null : Number(r.salience) }));
  },

  async daily(since) {
    const rows = await db
      .selectFrom('item_topics')
      .select((eb) => ['top', eb.fn<string>('substr', ['created_at', eb.val(1), eb.val(10)]).as('day'), eb.fn.countAll<number>().as('n')])
      .where('top', 'is not', null)
      .where('created_at', '>=', since)
      .groupBy(['top', 'day'])
      .orderBy('day')
      .execute();
    return rows.map((r) => ({ topic: r.top as string, day: r.day, count: Number(r.n) }));
  },

  storySources: (itemIds) => selectStorySources(db, itemIds),
  echoCandidates: (since, limit) => selectEchoCandidates(db, since, limit),
  rescoreDiscoveries: (rows, now) => updateDiscoveryScores(db, rows, now),
  discoveryCounts: (since) => countDiscoveries(db, since),
});
