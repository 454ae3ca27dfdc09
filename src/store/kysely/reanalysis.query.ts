import type { Kysely } from 'kysely';
import { toCandidate } from './rows.js';
import type { LlmCacheScope, ReanalysisCandidate } from '../llm.port.js';
import type { Database } from './tables.js';

/**
 * Items whose current analysis is not `target`'s verdict for their current text: none yet, another
 * provider, model or prompt version, a heuristic fallback, or an older content hash; optionally
 * only items created at/after `since`. Once an item is re-triaged it drops out, so a killed
 * `analyze --reanalyze` resumes where it stopped.
 */
export const selectReanalysisCandidates = async (
  db: Kysely<Database>,
  target: LlmCacheScope,
  opts: { since?: string },
  afterId: number,
  limit: number,
): Promise<ReanalysisCandidate[]> => {
  let q = db
    .selectFrom('items as i')
    .leftJoin('analyses as a', 'a.item_id', 'i.id')
    .select(['i.id', 'i.source', 'i.external_id', 'i.title', 'i.text', 'i.lang', 'i.content_hash', 'a.provider'])
    .where('i.id', '>', afterId)
    .where((eb) =>
      eb.or([
        eb('a.item_id', 'is', null),
        eb('a.provider', '<>', target.provider),
        eb('a.model', '<>', target.model),
        eb('a.prompt_version', '<>', target.promptVersion),
        eb('a.fallback', '=', 1),
        eb('a.content_hash', '<>', eb.ref('i.content_hash')),
      ]),
    );
  if (opts.since !== undefined) q = q.where('i.created_at', '>=', opts.since);
  const rows = await q.orderBy('i.id').limit(limit).execute();
  return rows.map((r) => ({ ...toCandidate(r), analysedBy: r.provider ?? null }));
};
