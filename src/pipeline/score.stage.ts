import { HOUR_MS } from '../domain/time.js';
import type { Score } from '../domain/score.js';
import { computeSalience } from '../scoring/salience.js';
import { computeStorySalience } from '../scoring/story-salience.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';


/**
 * Scores analysed items that have no score, changed since scored, or are recent (created within
 * `rescoreHours`): recent items are re-scored every run so decay and late engagement show.
 */
export const runScore = async (deps: PipelineDeps): Promise<StageResult> => {
  const t0 = performance.now();
  const result: StageResult = { ok: 0, skipped: 0, failed: 0, durationMs: 0 };
  const now = deps.clock.now();
  const scoredAt = now.toISOString();
  const recentSince = new Date(now.getTime() - deps.scoring.rescoreHours * HOUR_MS).toISOString();
  let afterId = 0;
  deps.progress?.start('score', null);
  try {
    for (;;) {
      const rows = await deps.store.pendingScoring(afterId, deps.batchSize, recentSince);
      if (rows.length === 0) break;
      afterId = rows[rows.length - 1]?.itemId ?? afterId;
      const scores: Score[] = [];
      for (const row of rows) {
        const { salience, breakdown } = computeSalience(row, now, deps.scoring);
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
  result.stories = await scoreStories(deps, recentSince);
  result.durationMs = elapsed(t0);
  return result;
};

/**
 * Scores the stories with a member created within `rescoreHours` from their members' aggregates
 * (src/scoring/story-salience.ts); returns how many were scored.
 */
export const scoreStories = async (deps: PipelineDeps, since: string): Promise<number> => {
  const now = deps.clock.now();
  const recentSince = new Date(now.getTime() - deps.scoring.stories.growthHours * HOUR_MS).toISOString();
  const inputs = await deps.store.stories.scoringInputs(since, recentSince);
  await deps.store.stories.saveScores(
    inputs.map((s) => ({ id: s.id, ...computeStorySalience(s, deps.scoring) })),
    now.toISOString(),
  );
  return inputs.length;
};
