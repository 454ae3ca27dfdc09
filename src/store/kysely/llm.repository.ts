import type { Kysely } from 'kysely';
import { isAnalysisResult } from '../../domain/analysis.schema.js';
import type { CachedVerdict, LlmRepository } from '../llm.port.js';
import { selectReanalysisCandidates } from './reanalysis.query.js';
import { CANDIDATE_COLUMNS, parseJson, toCandidate } from './rows.js';
import type { Database } from './tables.js';

/** Hashes per `in (…)` list: well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

/** The stored JSON: the verdict, with the research topic as `llmTopic` when there is one. */
const toJson = (e: CachedVerdict): string => JSON.stringify(e.topic === undefined ? e.result : { ...e.result, llmTopic: e.topic });

/** A stored verdict read back; undefined when it fails the analysis schema (another version, a hand edit). */
const fromJson = (text: string): CachedVerdict | undefined => {
  const { llmTopic, ...result } = parseJson<Record<string, unknown>>(text, {});
  if (!isAnalysisResult(result)) return undefined;
  return typeof llmTopic === 'string' || llmTopic === null ? { result, topic: llmTopic } : { result };
};

/** The LLM cache, daily usage and fallback lookups over Kysely; identical on SQLite and PostgreSQL. */
export const createLlmRepository = (db: Kysely<Database>): LlmRepository => ({
  async getCached(scope, hashes) {
    const out = new Map<string, CachedVerdict>();
    const unique = [...new Set(hashes)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = await db
        .selectFrom('llm_cache')
        .select(['content_hash', 'result'])
        .where('provider', '=', scope.provider)
        .where('model', '=', scope.model)
        .where('prompt_version', '=', scope.promptVersion)
        .where('content_hash', 'in', unique.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) {
        // A cached verdict is untrusted input too (another version, a hand edit): one that fails the schema is a miss.
        const verdict = fromJson(r.result);
        if (verdict) out.set(r.content_hash, verdict);
      }
    }
    return out;
  },

  async putCached(scope, entries, now) {
    if (entries.length === 0) return;
    for (let i = 0; i < entries.length; i += CHUNK) {
      await db
        .insertInto('llm_cache')
        .values(
          entries.slice(i, i + CHUNK).map((e) => ({
            content_hash: e.contentHash,
            provider: scope.provider,
            model: scope.model,
            prompt_version: scope.promptVersion,
            result: toJson(e),
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['content_hash', 'provider', 'model', 'prompt_version']).doNothing())
        .execute();
    }
  },

  async addUsage(day, provider, model, u) {
    await db
      .insertInto('llm_usage')
      .values({ day, provider, model, tokens_in: u.tokensIn, tokens_out: u.tokensOut, cost_usd: u.costUsd, requests: u.requests })
      .onConflict((oc) =>
        oc.columns(['day', 'provider', 'model']).doUpdateSet((eb) => ({
          tokens_in: eb('llm_usage.tokens_in', '+', eb.ref('excluded.tokens_in')),
          tokens_out: eb('llm_usage.tokens_out', '+', eb.ref('excluded.tokens_out')),
          cost_usd: eb('llm_usage.cost_usd', '+', eb.ref('excluded.cost_usd')),
          requests: eb('llm_usage.requests', '+', eb.ref('excluded.requests')),
        })),
      )
      .execute();
  },

  async usage(day) {
    const r = await db
      .selectFrom('llm_usage')
      .select((eb) => [
        eb.fn.coalesce(eb.fn.sum<number>('tokens_in'), eb.lit(0)).as('tokens_in'),
        eb.fn.coalesce(eb.fn.sum<number>('tokens_out'), eb.lit(0)).as('tokens_out'),
        eb.fn.coalesce(eb.fn.sum<number>('cost_usd'), eb.lit(0)).as('cost_usd'),
        eb.fn.coalesce(eb.fn.sum<number>('requests'), eb.lit(0)).as('requests'),
      ])
      .where('day', '=', day)
      .executeTakeFirstOrThrow();
    return { tokensIn: Number(r.tokens_in), tokensOut: Number(r.tokens_out), costUsd: Number(r.cost_usd), requests: Number(r.requests) };
  },

  async fallbackCandidates(afterId, limit) {
    const rows = await db
      .selectFrom('items as i')
      .innerJoin('analyses as a', 'a.item_id', 'i.id')
      .select(CANDIDATE_COLUMNS)
      .where('i.id', '>', afterId)
      .where('a.fallback', '=', 1)
      .orderBy('i.id')
      .limit(limit)
      .execute();
    return rows.map(toCandidate);
  },

  reanalysisCandidates: (target, opts, afterId, limit) => selectReanalysisCandidates(db, target, opts, afterId, limit),
});
