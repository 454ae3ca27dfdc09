import { HOUR_MS } from '../domain/time.js';
import type { Score } from '../domain/score.js';
import { explainRelevance, type RelevanceVerdict } from '../feedback/relevance-model.js';
import { computeSalience, type RelevancePart } from '../scoring/salience.js';
import type { ScoringRow } from '../store/store.port.js';
import { ensureRelevance, type RelevanceState } from './relevance.stage.js';
import { computeStorySalience } from '../scoring/story-salience.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';


const NO_RELEVANCE: RelevanceState = { weight: 0, scoredBefore: '', outcome: 'off' };

/** The relevance model's part of each row's salience (ADR 0030); an empty map without a model. */
const relevanceParts = async (deps: PipelineDeps, rel: RelevanceState, rows: readonly ScoringRow[]): Promise<Map<number, RelevancePart>> => {
  const out = new Map<number, RelevancePart>();
  if (!rel.scorer) return out;
  const docs = await deps.store.relevance.docs(rows.map((r) => r.itemId));
  rel.scorer.score(docs).forEach((v: RelevanceVerdict, i) => {
    out.set((docs[i] as { itemId: number }).itemId, { r: v.r, weight: rel.weight, explanation: explainRelevance(v) });
  });
  return out;
};

/**
 * Scores analysed items that have no score, changed since scored, or are recent (created within
 * `rescoreHours`): recent items are re-scored every run so decay and late engagement show. The
 * learned relevance model (retrained first when labels changed) is blended in; when it changed,
 * every item is re-scored.
 */
export const runScore = async (deps: PipelineDeps): Promise<StageResult> => {
  const t0 = performance.now();
  const result: StageResult = { ok: 0, skipped: 0, failed: 0, durationMs: 0 };
  const now = deps.clock.now();
  const scoredAt = now.toISOString();
  const recentSince = new Date(now.getTime() - deps.scoring.rescoreHours * HOUR_MS).toISOString();
  const rel = deps.feedback ? await ensureRelevance({ store: deps.store, clock: deps.clock, log: deps.log, feedback: deps.feedback }) : NO_RELEVANCE;
  result.relevance = rel.outcome;
  let afterId = 0;
  deps.progress?.start('score', null);
  try {
    for (;;) {
      const rows = await deps.store.pendingScoring(afterId, deps.batchSize, recentSince, rel.scoredBefore);
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1]?.itemId ?? afterId;
      const scores: Score[] = [];
      const parts = await relevanceParts(deps, rel, rows);
      for (const row of rows) {
        const { salience, breakdown } = computeSalience(row, now, deps.scoring, parts.get(row.itemId));
        if (Number.isFinite(salience)) scores.push({ itemId: row.itemId, salience, breakdown, scoredAt });
        else result.failed += 1;
      }
      await deps.store.saveScores(scores);
      result.ok += scores.length;
      deps.progress?.advance(rows.length);
    }
  } finally {
    deps.progress?.stop();
  }
  result.stories = await scoreStories(deps, recentSince, rel.scoredBefore);
  result.durationMs = elapsed(t0);
  return result;
};

/**
 * Scores, from their members' aggregates (src/scoring/story-salience.ts), the stories with a member
 * created within `rescoreHours`, the stories never scored or changed since scored, and those scored
 * before `scoredBefore` (the relevance model re-scored their members): every listed story has a
 * score, a backfill's older ones too. Returns how many were scored.
 */
export const scoreStories = async (deps: PipelineDeps, since: string, scoredBefore: string): Promise<number> => {
  const now = deps.clock.now();
  const recentSince = new Date(now.getTime() - deps.scoring.stories.growthHours * HOUR_MS).toISOString();
  const inputs = await deps.store.stories.scoringInputs({ since, recentSince, scoredBefore });
  await deps.store.stories.saveScores(
    inputs.map((s) => ({ id: s.id, ...computeStorySalience(s, deps.scoring) })),
    now.toISOString(),
  );
  return inputs.length;
};
