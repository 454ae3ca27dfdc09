import { runSpikes, type SpikesResult } from '../spikes/spikes.service.js';
import { elapsed, type PipelineDeps, type StageResult } from './deps.js';

export interface SpikesStageResult extends StageResult {
  spikes: SpikesResult | null;
}

/**
 * After score: volumes counted, series scored, spikes alerted (src/spikes/spikes.service.ts).
 * Off when `spikes.enabled` is false or the deps carry no spikes config; a failure is logged and
 * counted, never an aborted run (the volumes catch up in the next one).
 */
export const runSpikesStage = async (deps: PipelineDeps): Promise<SpikesStageResult> => {
  const t0 = performance.now();
  if (!deps.spikes?.enabled) return { ok: 0, skipped: 1, failed: 0, durationMs: 0, spikes: null };
  try {
    const r = await runSpikes({ store: deps.store, clock: deps.clock, log: deps.log.child({ component: 'spikes' }), config: deps.spikes, notifiers: deps.notifiers, signal: deps.signal, onSpike: (s) => deps.metrics?.spikeRaised?.(s.kind) });
    return { ok: r.spikes, skipped: 0, failed: r.failed, durationMs: elapsed(t0), spikes: r };
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'spikes stage failed');
    return { ok: 0, skipped: 0, failed: 1, durationMs: elapsed(t0), spikes: null };
  }
};
