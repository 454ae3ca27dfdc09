/*
 * The cross-source echo of discoveries (issue 16, ADR 0024 amended): how many distinct sources each
 * item's story spans, read from the stories of ADR 0023 (`story_members` always points at the story
 * an item's story was merged into, and `stories.sources` is recounted with every batch).
 */
import type { Kysely } from 'kysely';
import type { EchoCandidate } from '../topics.port.js';
import { parseJson } from './rows.js';
import type { Database } from './tables.js';

const CHUNK = 500;

/** Distinct sources of each item's story (items without a story are absent). */
export const selectStorySources = async (db: Kysely<Database>, itemIds: readonly number[]): Promise<Map<number, number>> => {
  const out = new Map<number, number>();
  for (let i = 0; i < itemIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('story_members as m')
      .innerJoin('stories as st', 'st.id', 'm.story_id')
      .select(['m.item_id', 'st.sources'])
      .where('m.item_id', 'in', itemIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(Number(r.item_id), parseJson<string[]>(r.sources, []).length);
  }
  return out;
};

/** Discoveries of items created at/after `since` that belong to a story, with that story's sources now. */
export const selectEchoCandidates = async (db: Kysely<Database>, since: string, limit: number): Promise<EchoCandidate[]> => {
  const rows = await db
    .selectFrom('discoveries as d')
    .innerJoin('story_members as m', 'm.item_id', 'd.item_id')
    .innerJoin('stories as st', 'st.id', 'm.story_id')
    .select(['d.item_id', 'd.breakdown', 'st.sources'])
    .where('d.created_at', '>=', since)
    .orderBy('d.item_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ itemId: Number(r.item_id), breakdown: parseJson<Record<string, number>>(r.breakdown, {}), storySources: parseJson<string[]>(r.sources, []).length }));
};

/** New scores and breakdowns of discoveries, in one transaction. */
export const updateDiscoveryScores = async (db: Kysely<Database>, rows: ReadonlyArray<{ itemId: number; score: number; breakdown: Record<string, number> }>, now: string): Promise<void> => {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const r of rows) {
      await trx.updateTable('discoveries').set({ score: r.score, breakdown: JSON.stringify(r.breakdown), scored_at: now }).where('item_id', '=', r.itemId).execute();
    }
  });
};

/** Discoveries of items created at/after `since`, per topic. */
export const countDiscoveries = async (db: Kysely<Database>, since: string): Promise<Array<{ topic: string | null; count: number }>> => {
  const rows = await db.selectFrom('discoveries').select(['topic', (eb) => eb.fn.countAll<number>().as('n')]).where('created_at', '>=', since).groupBy('topic').execute();
  return rows.map((r) => ({ topic: r.topic, count: Number(r.n) }));
};
