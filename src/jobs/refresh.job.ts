import { withNotifyOverrides } from '../notify/notify.service.js';
import type { PipelineDeps } from '../pipeline/deps.js';
import { runPipeline } from '../pipeline/run.js';
import type { JobOutcome, JobSpec } from './runner.js';

/** Overrides of the notify settings the earlier system's `POST /refresh` accepted. */
export interface RefreshOverrides {
  notifyThreshold?: number;
  notifyLimit?: number;
  notifyHours?: number;
}

/**
 * `POST /refresh`: one pipeline run (fetch → analyze → score → notify) as an exclusive job. The
 * result is the run's counts; a run that finished with failures ends the job `failed`, counts kept.
 */
export const refreshJob = (deps: PipelineDeps, overrides: RefreshOverrides = {}): JobSpec => ({
  kind: 'refresh',
  params: { ...overrides },
  total: 1,
  exclusive: true,
  async run(ctx): Promise<JobOutcome> {
    const notifiers = withNotifyOverrides(deps.notifiers, { threshold: overrides.notifyThreshold, limit: overrides.notifyLimit, hours: overrides.notifyHours });
    const r = await runPipeline({ ...deps, notifiers, signal: ctx.signal }, { trigger: 'api' });
    await ctx.progress({ done: 1 });
    const result: Record<string, unknown> = { ...r };
    return r.status === 'succeeded' ? { result } : { result, status: 'failed', error: `pipeline run ${r.runId} finished with failures (fetch failed ${r.fetch.failed}, notify failed ${r.notify.failed})` };
  },
});
