import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../../src/analysis/heuristic/heuristic.analyzer.js';
import { createLlmAnalyzer } from '../../../src/analysis/llm/llm.analyzer.js';
import type { LlmConfig } from '../../../src/analysis/llm/llm.config.js';
import { PROMPT_VERSION } from '../../../src/analysis/llm/prompt.js';
import { scoringConfigSchema } from '../../../src/config/scoring.config.js';
import type { Analyzer } from '../../../src/analysis/analyzer.port.js';
import type { Logger } from '../../../src/observability/logger.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Metrics } from '../../../src/observability/metrics.port.js';
import { runAnalyze, type AnalyzeOptions } from '../../../src/pipeline/analyze.stage.js';
import { fixedClock } from '../../../src/platform/clock.js';
import type { Store } from '../../../src/store/store.port.js';
import { newItem } from '../../helpers/factories.js';
import { storeTargets } from '../../helpers/stores.js';
import { captureLog, llmConfig, PROVIDER_CASES, recordingMetrics, testLabeler, type AnyFake } from './harness.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));
const TEAM = { products: ['Brindlepost'], competitors: [], organisations: [], whatMatters: '' };
const heuristic = createHeuristicAnalyzer({ products: TEAM.products, competitors: [] });

/** Issue 13 items 2 and 5: a provider that answers HTML, hangs or fails must not cost a request per item or hours of lock. */
for (const target of storeTargets()) {
  for (const pc of PROVIDER_CASES) {
    describe(`LLM robustness: ${pc.name} [${target.name}]`, () => {
      let fake: AnyFake;
      let store: Store;
      beforeEach(async () => {
        fake = await pc.start();
        fake.setLabeler(testLabeler);
        store = await target.open(clock);
      });
      afterEach(async () => {
        await store.close();
        await fake.close();
      });

      const analyzer = (config: Partial<LlmConfig>, over: { log?: Logger; metrics?: Metrics; timeoutMs?: number } = {}): Analyzer =>
        createLlmAnalyzer(llmConfig(config), TEAM, {
          client: pc.client(fake, clock, over.timeoutMs),
          fallback: heuristic,
          ledger: store.llm,
          clock,
          sleep: async () => undefined,
          log: over.log ?? silentLogger(),
          metrics: over.metrics,
        });
      const run = (a: Analyzer, opts: AnalyzeOptions = {}, batchSize = 500) =>
        runAnalyze({ store, sources: [], analyzer: a, notifiers: [], clock, log: silentLogger(), scoring: scoringConfigSchema.parse({}), batchSize }, opts);
      const seed = async (n: number) => void (await store.saveFetchBatch('demo', Array.from({ length: n }, (_, i) => newItem(i + 1, { text: `post ${i + 1} ${i % 2 ? 'down' : 'great'}` }))));
      const fallbacks = async () => (await store.llm.fallbackCandidates(0, 10_000)).length;

      it('a 200 with an HTML page: a provider failure per request, the breaker opens, every item answered by the heuristic with fallback set', async () => {
        await seed(100);
        const { log, lines } = captureLog();
        fake.setDefault({ kind: 'html' });
        const r = await run(analyzer({ batchSize: 20, circuitBreakerFailures: 3 }, { log }));
        expect(r).toMatchObject({ ok: 100, failed: 0, fallback: 100 });
        expect(fake.bodies).toHaveLength(3); // not 101: one per batch until the breaker opened
        expect(await fallbacks()).toBe(100);
        const text = lines.join('');
        expect(text).toContain('UPSTREAM_BAD_RESPONSE');
        expect(text).toContain('non-JSON body starting');
        expect(text).toContain('circuit open');
        expect(text).not.toContain('Cannot read properties');
      });

      it('a hanging endpoint: after N consecutive timeouts the rest of the run goes to the heuristic at once', async () => {
        await seed(100);
        const { metrics, calls } = recordingMetrics();
        fake.setDefault({ kind: 'timeout' });
        const t0 = performance.now();
        const r = await run(analyzer({ batchSize: 20, maxAttempts: 2, circuitBreakerFailures: 2 }, { metrics, timeoutMs: 150 }), {}, 50);
        expect(performance.now() - t0).toBeLessThan(10_000);
        expect(r).toMatchObject({ ok: 100, failed: 0, fallback: 100 });
        expect(fake.bodies).toHaveLength(4); // 2 batches × 2 attempts, then the breaker
        expect(await fallbacks()).toBe(100);
        const reasons = calls.filter((c) => c.hook === 'analyzerFallback').map((c) => [c.args[2], c.args[3]]);
        expect(reasons).toEqual([
          ['error', 40],
          ['circuit', 10],
          ['circuit', 50],
        ]);
      });

      it('only consecutive failures count: a good reply closes the count again', async () => {
        await seed(8);
        fake.script({ kind: 'status', status: 500 }, { kind: 'ok' }, { kind: 'status', status: 500 }, { kind: 'ok' });
        const r = await run(analyzer({ batchSize: 2, maxAttempts: 1, circuitBreakerFailures: 2 }));
        expect(fake.bodies).toHaveLength(4);
        expect(r).toMatchObject({ ok: 8, fallback: 4 });
      });

      it('the breaker lasts one run: the next run asks the provider again', async () => {
        await seed(4);
        fake.setDefault({ kind: 'html' });
        const a = analyzer({ batchSize: 1, circuitBreakerFailures: 1 });
        expect(await run(a)).toMatchObject({ ok: 4, fallback: 4 });
        expect(fake.bodies).toHaveLength(1);
        fake.setDefault({ kind: 'ok' });
        expect(await run(a, { retryFallbacks: true })).toMatchObject({ ok: 4, fallback: 0 });
        expect(await fallbacks()).toBe(0);
      });

      it('the run time budget: a request still hanging when it runs out is abandoned and nothing more is sent', async () => {
        await seed(40);
        const { log, lines } = captureLog();
        fake.setDefault({ kind: 'timeout' });
        const t0 = performance.now();
        const r = await run(analyzer({ batchSize: 20, circuitBreakerFailures: 0, runTimeBudgetSeconds: 1 }, { log, timeoutMs: 60_000 }));
        const took = performance.now() - t0;
        expect(took).toBeGreaterThanOrEqual(900);
        expect(took).toBeLessThan(10_000);
        expect(r).toMatchObject({ ok: 40, failed: 0, fallback: 40 });
        expect(fake.bodies).toHaveLength(1);
        expect(lines.join('')).toContain('LLM time budget of 1 s for this run spent');
      });

      it('--reanalyze: re-triages items another analyzer answered, resumes after a kill, keeps LLM verdicts when the budget is gone', async () => {
        await seed(6);
        expect(await run(heuristic)).toMatchObject({ ok: 6 });
        const a = analyzer({ batchSize: 2 });
        expect(await run(a)).toMatchObject({ ok: 0 }); // nothing new: the upgrade dead end
        expect(await run(a, { reanalyze: {}, limit: 4 }, 2)).toMatchObject({ ok: 4, fallback: 0 }); // stopped part-way
        const rest = await store.llm.reanalysisCandidates({ provider: pc.name, model: pc.model, promptVersion: PROMPT_VERSION }, {}, 0, 100);
        expect(rest.map((c) => [c.id, c.analysedBy])).toEqual([
          [5, 'heuristic'],
          [6, 'heuristic'],
        ]);
        expect(await run(a, { reanalyze: {} })).toMatchObject({ ok: 2, fallback: 0 });
        expect(await run(a, { reanalyze: {} })).toMatchObject({ ok: 0 });
        expect(fake.bodies).toHaveLength(3);
        // Another model, no budget left: the LLM verdicts stay, nothing is downgraded to the heuristic.
        const other = createLlmAnalyzer(llmConfig({ budget: { dailyTokens: 1 } }), TEAM, {
          client: { ...pc.client(fake, clock), model: 'other-model' },
          fallback: heuristic,
          ledger: store.llm,
          clock,
          sleep: async () => undefined,
          log: silentLogger(),
        });
        expect(await run(other, { reanalyze: {} })).toMatchObject({ ok: 0, skipped: 6, fallback: 0 });
        expect(await fallbacks()).toBe(0);
      });
    });
  }
}
