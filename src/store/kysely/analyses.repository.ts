import type { Kysely, Insertable, Selectable } from 'kysely';
import { emptyEntities, type Analysis, type Category, type Entities, type Sentiment } from '../../domain/analysis.js';
import type { Score, ScoreBreakdown } from '../../domain/score.js';
import type { SqliteWrites } from '../dialects/sqlite-writes.js';
import type { AnalysisWrite, ScoringRow } from '../store.port.js';
import { excludedSet } from './excluded.js';
import { parseJson } from './rows.js';
import type { AnalysesTable, Database } from './tables.js';

const CHUNK = 500;

const toRow = (a: AnalysisWrite): Insertable<AnalysesTable> => ({
  item_id: a.itemId,
  content_hash: a.contentHash,
  category: a.result.category,
  sentiment: a.result.sentiment,
  sentiment_score: a.result.sentimentScore,
  urgency: a.result.urgency,
  confidence: a.result.confidence,
  tags: JSON.stringify(a.result.tags),
  entities: JSON.stringify(a.result.entities),
  reasoning: a.result.reasoning,
  provider: a.provenance.provider,
  model: a.provenance.model,
  prompt_version: a.provenance.promptVersion,
  tokens_in: a.provenance.tokensIn,
  tokens_out: a.provenance.tokensOut,
  cost_usd: a.provenance.costUsd,
  fallback: a.provenance.fallback ? 1 : 0,
  analyzed_at: a.analyzedAt,
});

/** A stored analysis as the domain's Analysis (the read of every column `toRow` writes). */
export const toAnalysis = (r: Selectable<AnalysesTable>): Analysis => ({
  itemId: Number(r.item_id),
  contentHash: r.content_hash,
  category: r.category,
  sentiment: r.sentiment,
  sentimentScore: Number(r.sentiment_score),
  urgency: Number(r.urgency),
  confidence: Number(r.confidence),
  tags: parseJson<string[]>(r.tags, []),
  // Every kind of entity present, in the schema's order, whatever an older row holds.
  entities: { ...emptyEntities(), ...parseJson<Partial<Entities>>(r.entities, {}) },
  reasoning: r.reasoning,
  provider: r.provider,
  model: r.model,
  promptVersion: r.prompt_version,
  tokensIn: Number(r.tokens_in),
  tokensOut: Number(r.tokens_out),
  costUsd: Number(r.cost_usd),
  fallback: Number(r.fallback) === 1,
  analyzedAt: r.analyzed_at,
});

const ANALYSIS_UPDATE_COLUMNS = [
  'content_hash',
  'category',
  'sentiment',
  'sentiment_score',
  'urgency',
  'confidence',
  'tags',
  'entities',
  'reasoning',
  'provider',
  'model',
  'prompt_version',
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'fallback',
  'analyzed_at',
] as const satisfies ReadonlyArray<keyof AnalysesTable>;
const ANALYSIS_COLUMNS = ['item_id', ...ANALYSIS_UPDATE_COLUMNS];

export const upsertAnalyses = async (trx: Kysely<Database>, rows: readonly AnalysisWrite[], writes?: SqliteWrites): Promise<void> => {
  if (writes) {
    writes.upsert('analyses', ANALYSIS_COLUMNS, ['item_id'], ANALYSIS_UPDATE_COLUMNS, rows.map(toRow));
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('analyses')
      .values(rows.slice(i, i + CHUNK).map(toRow))
      .onConflict((oc) => oc.column('item_id').doUpdateSet(excludedSet<'analyses'>(ANALYSIS_UPDATE_COLUMNS)))
      .execute();
  }
};

/** The SQLite fast path of selectPendingScoring: the same query, rows read as arrays. */
const PENDING_SCORING_SQL = `select i.id, i.created_at, i.likes, i.reposts, i.replies, i.quotes, a.category, a.sentiment, a.urgency
  from items i join analyses a on a.item_id = i.id left join scores s on s.item_id = i.id
  where i.id > ? and (s.item_id is null or s.scored_at < a.analyzed_at or s.scored_at < i.updated_at or i.created_at >= ? or s.scored_at < ?)
  order by i.id limit ?`;

const pendingScoringSqlite = (writes: SqliteWrites, afterId: number, limit: number, recentSince: string, scoredBefore: string): ScoringRow[] =>
  writes.rows(PENDING_SCORING_SQL, [afterId, recentSince, scoredBefore, limit]).map((r) => ({
    itemId: r[0] as number,
    createdAt: r[1] as string,
    likes: r[2] as number,
    reposts: r[3] as number,
    replies: r[4] as number,
    quotes: r[5] as number,
    category: r[6] as Category,
    sentiment: r[7] as Sentiment,
    urgency: r[8] as number,
  }));

/**
 * Analysed items with no score, a score older than their analysis or metrics or than `scoredBefore`
 * (the relevance model's training: '' for none), or created recently.
 */
export const selectPendingScoring = async (db: Kysely<Database>, afterId: number, limit: number, recentSince: string, writes?: SqliteWrites, scoredBefore = ''): Promise<ScoringRow[]> => {
  if (writes) return pendingScoringSqlite(writes, afterId, limit, recentSince, scoredBefore);
  const rows = await db
    .selectFrom('items as i')
    .innerJoin('analyses as a', 'a.item_id', 'i.id')
    .leftJoin('scores as s', 's.item_id', 'i.id')
    .select(['i.id', 'i.created_at', 'i.likes', 'i.reposts', 'i.replies', 'i.quotes', 'a.category', 'a.sentiment', 'a.urgency'])
    .where('i.id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb('s.item_id', 'is', null),
        eb('s.scored_at', '<', eb.ref('a.analyzed_at')),
        eb('s.scored_at', '<', eb.ref('i.updated_at')),
        eb('i.created_at', '>=', recentSince),
        eb('s.scored_at', '<', scoredBefore),
      ]),
    )
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    itemId: Number(r.id),
    createdAt: r.created_at,
    likes: Number(r.likes),
    reposts: Number(r.reposts),
    replies: Number(r.replies),
    quotes: Number(r.quotes),
    category: r.category as Category,
    sentiment: r.sentiment as Sentiment,
    urgency: Number(r.urgency),
  }));
};

const SCORE_UPDATE_COLUMNS = ['salience', 'breakdown', 'scored_at'] as const;

const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** JSON of a breakdown; a fixed-shape template is ~3x faster than JSON.stringify on the scoring hot path. */
export const serializeBreakdown = (b: ScoreBreakdown): string =>
  `{"raw":${num(b.raw)},"metrics":${num(b.metrics)},"urgency":${num(b.urgency)},"urgencyPart":${num(b.urgencyPart)},"base":${num(b.base)},` +
  `"categoryBoost":${num(b.categoryBoost)},"sentimentMultiplier":${num(b.sentimentMultiplier)},"ageHours":${num(b.ageHours)},` +
  `"recency":${num(b.recency)},"unclamped":${num(b.unclamped)},"cap":${num(b.cap)}` +
  (b.knee === undefined ? '' : `,"knee":${num(b.knee)}`) +
  (b.relevancePart === undefined ? '}' : `,"relevance":${num(b.relevance ?? 0)},"relevancePart":${num(b.relevancePart)},"relevanceNote":${JSON.stringify(b.relevanceNote ?? '')}}`);

export const upsertScores = async (trx: Kysely<Database>, scores: readonly Score[], writes?: SqliteWrites): Promise<void> => {
  const rows = scores.map((s) => ({ item_id: s.itemId, salience: s.salience, breakdown: serializeBreakdown(s.breakdown), scored_at: s.scoredAt }));
  if (writes) {
    writes.upsert('scores', ['item_id', ...SCORE_UPDATE_COLUMNS], ['item_id'], SCORE_UPDATE_COLUMNS, rows);
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('scores')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('item_id').doUpdateSet(excludedSet<'scores'>(SCORE_UPDATE_COLUMNS)))
      .execute();
  }
};

export const selectScore = async (db: Kysely<Database>, itemId: number): Promise<Score | undefined> => {
  const r = await db.selectFrom('scores').selectAll().where('item_id', '=', itemId).executeTakeFirst();
  if (!r) return undefined;
  return { itemId: Number(r.item_id), salience: Number(r.salience), breakdown: parseJson<ScoreBreakdown>(r.breakdown, {} as ScoreBreakdown), scoredAt: r.scored_at };
};
