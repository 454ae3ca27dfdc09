import { runAnalyze, type AnalyzeResult } from './analyze.stage.js';
import type { PipelineStage } from '../observability/metrics.port.js';
import { underPipelineLock } from './lock.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { runFetch, type FetchResult } from './fetch.stage.js';
import { runNotify, type NotifyResult } from './notify.stage.js';
import { runScore } from './score.stage.js';
import { runStories, type StoriesResult } from './stories.stage.js';
import { runTopics } from './topics.stage.js';
import { runSpikesStage, type SpikesStageResult } from './spikes.stage.js';
import { runEntities } from './entities.stage.js';

export interface PipelineResult {
  runId: number;
  status: 'succeeded' | 'failed';
  fetch: FetchResult;
  analyze: AnalyzeResult;
  stories: StoriesResult;
  score: StageResult;
  notify: NotifyResult;
  /** Topic assignment; absent when topics are not configured. */
  topics?: StageResult;
  spikes: SpikesStageResult;
  /** Entity extraction; absent when entities are not configured. */
  entities?: StageResult;
  durationMs: number;
}

/**
 * Runs one stage and reports it to metrics: a stage fails when it throws, when a source or a
 * delivery failed (fetch, notify), or when every item it touched failed (analyze, score).
 */
const stage = async <R extends StageResult>(deps: PipelineDeps, name: PipelineStage, fn: () => Promise<R>): Promise<R> => {
  const t0 = performance.now();
  try {
    const r = await fn();
    const failed = name === 'fetch' || name === 'notify' ? r.failed > 0 : r.failed > 0 && r.ok === 0;
    deps.metrics?.pipelineStage(name, failed ? 'failure' : 'success', (performance.now() - t0) / 1000, r.ok);
    return r;
  } catch (err) {
    deps.metrics?.pipelineStage(name, 'failure', (performance.now() - t0) / 1000, 0);
    throw err;
  }
};

/**
 * Topics after analysis: a failure (an unreadable examples file, a store error) is logged and
 * counted, never the end of the run; the items are assigned on a later run.
 */
const runTopicsStage = async (deps: PipelineDeps, log: PipelineDeps['log']): Promise<StageResult | undefined> => {
  if (!deps.topics) return undefined;
  try {
    return await runTopics({ store: deps.store, clock: deps.clock, log: deps.log, topics: deps.topics });
  } catch (err) {
    log.error({ stage: 'topics', err: (err as Error).message }, 'topics stage failed; items get their topics on a later run');
    return { ok: 0, skipped: 0, failed: 1, durationMs: 0 };
  }
};

/** Entities after topics: like topics, a failure is logged, never the end of the run (the items are scanned later). */
const runEntitiesStage = async (deps: PipelineDeps, log: PipelineDeps['log']): Promise<StageResult | undefined> => {
  if (!deps.entities) return undefined;
  try {
    return await runEntities({ store: deps.store, clock: deps.clock, log: deps.log, entities: deps.entities, ...(deps.topics && { topics: deps.topics }) });
  } catch (err) {
    log.error({ stage: 'entities', err: (err as Error).message }, 'entities stage failed; items get their entities on a later run');
    return { ok: 0, skipped: 0, failed: 1, durationMs: 0 };
  }
};

/**
 * fetch → analyze → stories → topics → entities → score → notify → spikes, recorded in `pipeline_runs` with per-stage counts and timings.
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
    const fetch = await stage(deps, 'fetch', () => runFetch(deps));
    const analyze = await stage(deps, 'analyze', () => runAnalyze(deps));
    const stories = await stage(deps, 'stories', () => runStories(deps));
    const topics = await runTopicsStage(deps, log);
    const entities = await runEntitiesStage(deps, log);
    const score = await stage(deps, 'score', () => runScore(deps));
    const notify = await stage(deps, 'notify', () => runNotify(deps));
    const spikes = await runSpikesStage(deps);
    const durationMs = Math.round(performance.now() - t0);
    const status = fetch.failed > 0 || notify.failed > 0 ? 'failed' : 'succeeded';
    const result: PipelineResult = { runId, status, fetch, analyze, stories, score, notify, spikes, ...(topics && { topics }), ...(entities && { entities }), durationMs };
    await deps.store.runs.finish(runId, status, { fetch, analyze, stories, score, notify, spikes, ...(topics && { topics }), ...(entities && { entities }), durationMs }, deps.clock.now().toISOString());
    log.info({ status, durationMs, fetched: fetch.ok, analyzed: analyze.ok, scored: score.ok, notified: notify.ok }, 'pipeline run finished');
    return result;
  } catch (err) {
    await deps.store.runs.finish(runId, 'failed', {}, deps.clock.now().toISOString(), (err as Error).message).catch(() => undefined);
    throw err;
  }
};
