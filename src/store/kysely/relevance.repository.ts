import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Category, Sentiment } from '../../domain/analysis.js';
import type { RelevanceDoc } from '../../feedback/features.js';
import type { Experiment, ExperimentsRepository, HistoryRow, RelevanceRepository } from '../relevance.port.js';
import type { Database } from './tables.js';

const ROW_ID = 1;

const parseTags = (json: string | null): string[] => {
  try {
    const v = JSON.parse(json ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
};

interface DocRow {
  id: number | string;
  title: string | null;
  text: string;
  author_handle: string | null;
  source: string;
  url: string | null;
  tags: string | null;
  top: string | null;
}

const toDoc = (r: DocRow): RelevanceDoc => ({ itemId: Number(r.id), title: r.title, text: r.text, author: r.author_handle, source: r.source, url: r.url, tags: parseTags(r.tags), topics: r.top ? [r.top] : [] });

type DocQuery = SelectQueryBuilder<Database, 'items' | 'analyses' | 'item_topics', DocRow>;

const docQuery = (db: Kysely<Database>): DocQuery =>
  db
    .selectFrom('items')
    .innerJoin('analyses', 'analyses.item_id', 'items.id')
    .leftJoin('item_topics', 'item_topics.item_id', 'items.id')
    .select(['items.id', 'items.title', 'items.text', 'items.author_handle', 'items.source', 'items.url', 'analyses.tags', 'item_topics.top']) as DocQuery;

/** The relevance model row and the reads the model and the backtests need. */
export const createRelevanceRepository = (db: Kysely<Database>): RelevanceRepository => ({
  async active() {
    const r = await db.selectFrom('relevance_model').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
    return r ? { model: r.model, fingerprint: r.fingerprint, trainedAt: r.trained_at } : undefined;
  },
  async save(m) {
    await db
      .insertInto('relevance_model')
      .values({ id: ROW_ID, model: m.model, fingerprint: m.fingerprint, trained_at: m.trainedAt })
      .onConflict((oc) => oc.column('id').doUpdateSet({ model: m.model, fingerprint: m.fingerprint, trained_at: m.trainedAt }))
      .execute();
  },
  async docs(itemIds) {
    const out: RelevanceDoc[] = [];
    for (let i = 0; i < itemIds.length; i += 500) {
      const rows = await docQuery(db).where('items.id', 'in', itemIds.slice(i, i + 500)).execute();
      out.push(...rows.map(toDoc));
    }
    return out;
  },
  async background(limit) {
    if (limit === 0) return [];
    const labelled = db.selectFrom('signal_labels').select('item_id');
    const rows = await docQuery(db).where('items.id', 'not in', labelled).orderBy('items.id', 'desc').limit(limit).execute();
    return rows.map(toDoc);
  },
  async history(q) {
    let query = db
      .selectFrom('items')
      .innerJoin('analyses', 'analyses.item_id', 'items.id')
      .leftJoin('item_topics', 'item_topics.item_id', 'items.id')
      .select(['items.id', 'items.title', 'items.text', 'items.author_handle', 'items.source', 'items.url', 'analyses.tags', 'item_topics.top'])
      .select(['items.created_at', 'items.likes', 'items.reposts', 'items.replies', 'items.quotes', 'analyses.category', 'analyses.sentiment', 'analyses.urgency'])
      .where('items.id', '>', q.afterId);
    if (q.from) query = query.where('items.created_at', '>=', q.from);
    if (q.to) query = query.where('items.created_at', '<', q.to);
    const rows = await query.orderBy('items.id').limit(q.limit).execute();
    return rows.map((r): HistoryRow => ({
      itemId: Number(r.id),
      createdAt: r.created_at,
      likes: Number(r.likes),
      reposts: Number(r.reposts),
      replies: Number(r.replies),
      quotes: Number(r.quotes),
      category: r.category as Category,
      sentiment: r.sentiment as Sentiment,
      urgency: Number(r.urgency),
      doc: toDoc(r),
    }));
  },
});

const toExperiment = (r: { id: number | string; created_at: string; winner: string | null; params: string; result: string }): Experiment => ({
  id: Number(r.id),
  createdAt: r.created_at,
  winner: r.winner,
  params: JSON.parse(r.params) as Experiment['params'],
  result: JSON.parse(r.result) as Experiment['result'],
});

/** Backtest runs as rows of `experiments`. */
export const createExperimentsRepository = (db: Kysely<Database>): ExperimentsRepository => ({
  async create(e) {
    const row = await db
      .insertInto('experiments')
      .values({ created_at: e.createdAt, winner: e.winner, params: JSON.stringify(e.params), result: JSON.stringify(e.result) })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toExperiment(row);
  },
  async list(limit) {
    return (await db.selectFrom('experiments').selectAll().orderBy('id', 'desc').limit(limit).execute()).map(toExperiment);
  },
  async get(id) {
    const r = await db.selectFrom('experiments').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toExperiment(r) : undefined;
  },
});
