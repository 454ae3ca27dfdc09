import type { Kysely, Insertable } from 'kysely';
import type { Category, Sentiment } from '../../domain/analysis.js';
import type { Score, ScoreBreakdown } from '../../domain/score.js';
import type { AnalysisWrite, ScoringRow } from '../store.port.js';
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

export const upsertAnalyses = async (trx: Kysely<Database>, rows: readonly AnalysisWrite[]): Promise<void> => {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('analyses')
      .values(rows.slice(i, i + CHUNK).map(toRow))
      .onConflict((oc) =>
        oc.column('item_id').doUpdateSet((eb) => ({
          content_hash: eb.ref('excluded.content_hash'),
          category: eb.ref('excluded.category'),
          sentiment: eb.ref('excluded.sentiment'),
          sentiment_score: eb.ref('excluded.sentiment_score'),
          urgency: eb.ref('excluded.urgency'),
          confidence: eb.ref('excluded.confidence'),
          tags: eb.ref('excluded.tags'),
          entities: eb.ref('excluded.entities'),
          reasoning: eb.ref('excluded.reasoning'),
          provider: eb.ref('excluded.provider'),
          model: eb.ref('excluded.model'),
          prompt_version: eb.ref('excluded.prompt_version'),
          tokens_in: eb.ref('excluded.tokens_in'),
          tokens_out: eb.ref('excluded.tokens_out'),
          cost_usd: eb.ref('excluded.cost_usd'),
          fallback: eb.ref('excluded.fallback'),
          analyzed_at: eb.ref('excluded.analyzed_at'),
        })),
      )
      .execute();
  }
};

/** Analysed items with no score, a score older than their analysis or metrics, or created recently. */
export const selectPendingScoring = async (db: Kysely<Database>, afterId: number, limit: number, recentSince: string): Promise<ScoringRow[]> => {
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

export const upsertScores = async (trx: Kysely<Database>, rows: readonly Score[]): Promise<void> => {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('scores')
      .values(rows.slice(i, i + CHUNK).map((s) => ({ item_id: s.itemId, salience: s.salience, breakdown: JSON.stringify(s.breakdown), scored_at: s.scoredAt })))
      .onConflict((oc) =>
        oc.column('item_id').doUpdateSet((eb) => ({
          salience: eb.ref('excluded.salience'),
          breakdown: eb.ref('excluded.breakdown'),
          scored_at: eb.ref('excluded.scored_at'),
        })),
      )
      .execute();
  }
};

export const selectScore = async (db: Kysely<Database>, itemId: number): Promise<Score | undefined> => {
  const r = await db.selectFrom('scores').selectAll().where('item_id', '=', itemId).executeTakeFirst();
  if (!r) return undefined;
  return { itemId: Number(r.item_id), salience: Number(r.salience), breakdown: parseJson<ScoreBreakdown>(r.breakdown, {} as ScoreBreakdown), scoredAt: r.scored_at };
};
