import { runAnalyze } from './analyze.stage.js';
import { underPipelineLock } from './lock.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { runFetch, type FetchResult } from './fetch.stage.js';
import { runNotify, type NotifyResult } from './notify.stage.js';
import { runScore } from './score.stage.js';

export interface PipelineResult {
  runId: number;
  status: 'succeeded' | 'failed';
  fetch: FetchResult;
  analyze: StageResult;
  score: StageResult;
  notify: NotifyResult;
  durationMs: number;
}

/**
 * fetch → analyze → score → notify, recorded in `pipeline_runs` with per-stage counts and timings.
 * Safe to kill at any instant and run again: every stage works on what is still pending.
 * Holds the store's pipeline lock throughout, so runs never overlap (CONFLICT when one is running).
 */
export const runPipeline = (deps: PipelineDeps, opts: { trigger?: string } = {}): Promise<PipelineResult> =>
  underPipelineLock(deps.store, () => runPipelineLocked(deps, opts));

const runPipelineLocked = async (deps: PipelineDeps, opts: { trigger?: string }): Promise<PipelineResult> => {
  const t0 = performance.now();
  const startedAt = deps.clock.now().toISOString();
  await deps.store.runs.markInterrupted(startedAt);
  const runId = await deps.store.runs.start(opts.trigger ?? 'cli', startedAt);
  const log = deps.log.child({ component: 'pipeline', runId });
  try {
    const fetch = await runFetch(deps);
    const analyze = await runAnalyze(deps);
    const score = await runScore(deps);
    const notify = await runNotify(deps);
    const durationMs = Math.round(performance.now() - t0);
    const status = fetch.failed > 0 || notify.failed > 0 ? 'failed' : 'succeeded';
    const result: PipelineResult = { runId, status, fetch, analyze, score, notify, durationMs };
    await deps.store.runs.finish(runId, status, { fetch, analyze, score, notify, durationMs }, deps.clock.now().toISOString());
    log.info({ status, durationMs, fetched: fetch.ok, analyzed: analyze.ok, scored: score.ok, notified: notify.ok }, 'pipeline run finished');
    return result;
  } catch (err) {
    await deps.store.runs.finish(runId, 'failed', {}, deps.clock.now().toISOString(), (err as Error).message).catch(() => undefined);
    throw err;
  }
};
