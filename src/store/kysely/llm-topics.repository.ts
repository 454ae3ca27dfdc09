import type { Kysely } from 'kysely';
import type { ItemTopicPair, LlmTopicsRepository } from '../llm-topics.port.js';
import type { AnalysisWrite } from '../store.port.js';
import type { Database } from './tables.js';

const CHUNK = 500;

/**
 * Stores the LLM's research topic of each analysed row that carries one (issue 16), in the
 * analyses' transaction. Rows without `llmTopic` (the heuristic, a fallback) write nothing, so the
 * offline path costs no extra statement; a topic kept from older content is hidden on read.
 */
export const upsertLlmTopics = async (trx: Kysely<Database>, rows: readonly AnalysisWrite[]): Promise<void> => {
  const withTopic = rows.filter((r) => r.llmTopic !== undefined);
  for (let i = 0; i < withTopic.length; i += CHUNK) {
    await trx
      .insertInto('item_llm_topics')
      .values(withTopic.slice(i, i + CHUNK).map((r) => ({ item_id: r.itemId, topic: r.llmTopic ?? null, content_hash: r.contentHash, assigned_at: r.analyzedAt })))
      .onConflict((oc) =>
        oc.column('item_id').doUpdateSet((eb) => ({
          topic: eb.ref('excluded.topic'),
          content_hash: eb.ref('excluded.content_hash'),
          assigned_at: eb.ref('excluded.assigned_at'),
        })),
      )
      .execute();
  }
};

/** The model's and the LLM's topics of items, read over Kysely; identical on SQLite and PostgreSQL. */
export const createLlmTopicsRepository = (db: Kysely<Database>): LlmTopicsRepository => ({
  async ofItems(itemIds) {
    const out = new Map<number, ItemTopicPair>();
    const unique = [...new Set(itemIds)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await db
        .selectFrom('items')
        .leftJoin('item_topics', 'item_topics.item_id', 'items.id')
        .leftJoin('analyses', 'analyses.item_id', 'items.id')
        .leftJoin('item_llm_topics', (j) => j.onRef('item_llm_topics.item_id', '=', 'items.id').onRef('item_llm_topics.content_hash', '=', 'analyses.content_hash'))
        .select(['items.id', 'item_topics.top', 'item_llm_topics.topic'])
        .where('items.id', 'in', unique.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) out.set(Number(r.id), { topic: r.top ?? null, llmTopic: r.topic ?? null });
    }
    return out;
  },
});
