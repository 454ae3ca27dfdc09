import type { AnalyzerInput, AnalyzerOutput } from '../analysis/analyzer.port.js';
import type { AnalysisCandidate, AnalysisWrite } from '../store/store.port.js';
import type { PipelineDeps, StageResult } from './deps.js';
import { elapsed } from './deps.js';

const toInput = (it: AnalysisCandidate): AnalyzerInput => ({ id: String(it.id), text: it.text, title: it.title });

/** Analyses a batch; when the batch call fails, retries item by item so one bad item stays one failure. */
const analyzeBatch = async (deps: PipelineDeps, items: readonly AnalysisCandidate[]): Promise<{ outputs: Map<string, AnalyzerOutput>; failed: number }> => {
  const outputs = new Map<string, AnalyzerOutput>();
  try {
    for (const o of await deps.analyzer.analyze(items.map(toInput), deps.signal)) outputs.set(o.id, o);
    return { outputs, failed: 0 };
  } catch (err) {
    deps.log.warn({ component: 'analyze', err: (err as Error).message }, 'batch failed; analysing item by item');
  }
  let failed = 0;
  for (const it of items) {
    try {
      const [o] = await deps.analyzer.analyze([toInput(it)], deps.signal);
      if (o) outputs.set(o.id, o);
    } catch (err) {
      failed += 1;
      deps.log.warn({ component: 'analyze', itemId: it.id, err: (err as Error).message }, 'item failed analysis');
    }
  }
  return { outputs, failed };
};

/**
 * Analyses every item with no analysis for its current content, a batch per transaction. With
 * `retryFallbacks`, analyses instead the items whose stored analysis is the heuristic's stand-in
 * for a failed LLM call.
 */
export const runAnalyze = async (deps: PipelineDeps, opts: { limit?: number; retryFallbacks?: boolean } = {}): Promise<StageResult> => {
  const t0 = performance.now();
  const result: StageResult = { ok: 0, skipped: 0, failed: 0, durationMs: 0 };
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  let afterId = 0;
  deps.progress?.start('analyze', null);
  try {
    while (result.ok + result.failed < limit) {
      const want = Math.min(deps.batchSize, limit - result.ok - result.failed);
      const items = opts.retryFallbacks ? await deps.store.llm.fallbackCandidates(afterId, want) : await deps.store.pendingAnalysis(afterId, want);
      if (items.length === 0) break;
      afterId = items[items.length - 1]?.id ?? afterId;
      const { outputs, failed } = await analyzeBatch(deps, items);
      const analyzedAt = deps.clock.now().toISOString();
      const rows: AnalysisWrite[] = [];
      for (const it of items) {
        const o = outputs.get(String(it.id));
        if (o) rows.push({ itemId: it.id, contentHash: it.contentHash, result: o.result, provenance: o.provenance, analyzedAt });
      }
      await deps.store.saveAnalyses(rows);
      result.ok += rows.length;
      result.failed += failed;
      deps.progress?.advance(items.length);
    }
  } finally {
    deps.progress?.stop();
  }
  result.durationMs = elapsed(t0);
  return result;
};
