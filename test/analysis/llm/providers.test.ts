import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../../src/analysis/heuristic/heuristic.analyzer.js';
import { createLlmAnalyzer } from '../../../src/analysis/llm/llm.analyzer.js';
import { createMemoryLedger } from '../../../src/analysis/llm/memory.ledger.js';
import { createOpenAiClient } from '../../../src/analysis/llm/openai/openai.client.js';
import type { LlmConfig } from '../../../src/analysis/llm/llm.config.js';
import { PROMPT_VERSION, TOOL_NAME } from '../../../src/analysis/llm/prompt.js';
import { scoringConfigSchema } from '../../../src/config/scoring.config.js';
import type { NewItem } from '../../../src/domain/item.js';
import type { Logger } from '../../../src/observability/logger.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { Metrics } from '../../../src/observability/metrics.port.js';
import { runAnalyze } from '../../../src/pipeline/analyze.stage.js';
import type { PipelineDeps } from '../../../src/pipeline/deps.js';
import { fixedClock } from '../../../src/platform/clock.js';
import { createKyselyStore } from '../../../src/store/kysely/kysely.store.js';
import type { Store } from '../../../src/store/store.port.js';
import { loadCassette } from '../../fakes/llm-samples.js';
import { OPENAI_FAKE_KEY, startOpenAiFake } from '../../fakes/openai-fake.js';
import { newItem } from '../../helpers/factories.js';
import { tempDir } from '../../helpers/stores.js';
import { captureLog, llmConfig, PROVIDER_CASES, readAnalyses, recordingMetrics, testLabeler, type AnyFake } from './harness.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const clock = fixedClock(NOW);
const TEAM = { products: ['Brindlepost'], competitors: ['Kestrelboard'], organisations: [], whatMatters: 'Login and billing problems.' };
const DOWN = 'Brindlepost is down, cannot log in @ops_team #outage';
const HAPPY = 'Love the new Brindlepost release, great work';

const items = (n: number, text = (i: number) => (i % 2 === 1 ? `${DOWN} ${i}` : `${HAPPY} ${i}`)): NewItem[] => Array.from({ length: n }, (_, i) => newItem(i + 1, { text: text(i + 1) }));

for (const pc of PROVIDER_CASES) {
  describe(`${pc.name} provider against its loopback fake`, () => {
    let fake: AnyFake;
    let store: Store;
    let dir: string;
    let sleeps: number[];

    beforeEach(async () => {
      fake = await pc.start();
      fake.setLabeler(testLabeler);
      dir = tempDir('harvest-llm-');
      store = createKyselyStore({ path: join(dir, 'llm.db') }, clock);
      await store.migrate();
      sleeps = [];
    });
    afterEach(async () => {
      await store.close();
      await fake.close();
    });

    const analyzer = (over: { config?: Partial<LlmConfig> & Record<string, unknown>; log?: Logger; metrics?: Metrics; timeoutMs?: number } = {}) =>
      createLlmAnalyzer(llmConfig(over.config), TEAM, {
        client: pc.client(fake, clock, over.timeoutMs),
        fallback: createHeuristicAnalyzer({ products: TEAM.products, competitors: TEAM.competitors }),
        ledger: store.llm,
        clock,
        sleep: async (ms) => void sleeps.push(ms),
        log: over.log ?? silentLogger(),
        metrics: over.metrics,
      });

    const deps = (a: ReturnType<typeof analyzer>, batchSize = 500, signal?: AbortSignal): PipelineDeps => ({
      store,
      sources: [],
      analyzer: a,
      notifiers: [],
      clock,
      log: silentLogger(),
      scoring: scoringConfigSchema.parse({}),
      batchSize,
      signal,
    });

    const seed = async (list: NewItem[]) => void (await store.saveFetchBatch('demo', list));
    const lastUser = (): { items: Array<{ id: string; text: string }> } => {
      const b = fake.bodies[fake.bodies.length - 1] as { messages: Array<{ role: string; content: string }> };
      return JSON.parse(b.messages.find((m) => m.role === 'user')?.content ?? '{}') as { items: Array<{ id: string; text: string }> };
    };

    it('sends the request shape the recorded API expects and stores exactly the validated verdicts', async () => {
      await seed(items(3));
      const r = await runAnalyze(deps(analyzer()));
      expect(r).toMatchObject({ ok: 3, failed: 0 });
      expect(fake.bodies).toHaveLength(1);
      const body = fake.bodies[0] as Record<string, unknown>;
      const recorded = pc.name === 'openai' ? loadCassette('openai_test_openai_native_output')[0] : loadCassette('anthropic_test_anthropic_tool_output')[0];
      // Every top-level field the recorded request carried for the same job is in ours, with the same type.
      const shared = pc.name === 'openai' ? ['messages', 'model', 'response_format'] : ['max_tokens', 'messages', 'model', 'tool_choice', 'tools'];
      for (const k of shared) expect(typeof body[k], k).toBe(typeof recorded?.request.body[k]);
      expect(body.model).toBe(pc.model);
      if (pc.name === 'openai') {
        expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: TOOL_NAME, strict: true, schema: { type: 'object', required: ['items'] } } });
        expect((body.messages as Array<{ role: string }>).map((m) => m.role)).toEqual(['system', 'user']);
      } else {
        expect(body.tool_choice).toEqual({ type: 'tool', name: TOOL_NAME });
        expect((body.tools as Array<{ name: string; input_schema: unknown }>)[0]).toMatchObject({ name: TOOL_NAME, input_schema: { type: 'object', required: ['items'] } });
        expect(typeof body.system).toBe('string');
      }
      const system = pc.name === 'openai' ? (body.messages as Array<{ content: string }>)[0]?.content : (body.system as string);
      expect(system).toContain('churn_risk');
      expect(system).toContain('Brindlepost');
      expect(system).toContain('Kestrelboard');
      expect(system).toContain('Login and billing problems.');
      expect(lastUser().items.map((i) => i.id)).toEqual(['1', '2', '3']);

      const rows = readAnalyses(dir);
      const price = llmConfig().prices[pc.model] as { inputPerMTok: number; outputPerMTok: number };
      const cost = (fake.usage.tokensIn * price.inputPerMTok + fake.usage.tokensOut * price.outputPerMTok) / 1e6;
      expect(rows.map((x) => x.item_id)).toEqual([1, 2, 3]);
      expect(rows[0]).toEqual({
        item_id: 1,
        category: 'outage',
        sentiment: 'negative',
        sentiment_score: -0.8,
        urgency: 5,
        confidence: 0.9,
        tags: ['login-issues', 'outage'],
        entities: { products: ['Brindlepost'], organisations: [], people: [], hashtags: ['outage'], handles: ['ops_team'] },
        reasoning: 'llm: users cannot log in',
        provider: pc.name,
        model: pc.model,
        prompt_version: PROMPT_VERSION,
        tokens_in: expect.any(Number),
        tokens_out: expect.any(Number),
        cost_usd: expect.any(Number),
        fallback: 0,
      });
      expect(rows[1]).toMatchObject({ category: 'praise', sentiment: 'positive', sentiment_score: 0.7, urgency: 0, tags: ['kudos'], fallback: 0 });
      // The request's tokens and cost are split over its items and add up to what the API reported.
      expect(rows.reduce((n, x) => n + x.tokens_in, 0)).toBe(fake.usage.tokensIn);
      expect(rows.reduce((n, x) => n + x.tokens_out, 0)).toBe(fake.usage.tokensOut);
      expect(rows.reduce((n, x) => n + x.cost_usd, 0)).toBeCloseTo(cost, 12);
      expect(await store.llm.usage('2026-11-20')).toEqual({ tokensIn: fake.usage.tokensIn, tokensOut: fake.usage.tokensOut, costUsd: expect.closeTo(cost, 12), requests: 1 });
    });

    it('tells the model our products with their aliases, and stores an alias it replies with as the product', async () => {
      const team = { ...TEAM, competitors: ['Kestrelboard', 'Ferncircle'], aliases: { Brindlepost: ['Brindle', 'BP'], Ferncircle: ['Fern'] } };
      // The model writes names as the text does: an alias in another case, a competitor as an organisation, a product we do not track.
      fake.setLabeler((it) => ({ ...testLabeler(it), entities: { products: ['brindle', 'Fern', 'Slack', 'BRINDLEPOST'], organisations: ['Kestrelboard', 'Acme Corp'], people: [] } }));
      const a = createLlmAnalyzer(llmConfig(), team, {
        client: pc.client(fake, clock),
        fallback: createHeuristicAnalyzer({ products: team.products, competitors: team.competitors, aliases: team.aliases }),
        ledger: store.llm,
        clock,
        sleep: async () => undefined,
        log: silentLogger(),
      });
      await seed([newItem(1, { text: 'Brindle is down again, switching to Fern' })]);
      expect(await runAnalyze(deps(a))).toMatchObject({ ok: 1, failed: 0 });
      const body = fake.bodies[0] as { system?: string; messages: Array<{ role: string; content: string }> };
      const system = pc.name === 'openai' ? body.messages[0]?.content : body.system;
      expect(system).toContain('Our products: Brindlepost (also written Brindle, BP). Competitors: Kestrelboard, Ferncircle (also written Fern).');
      expect(system).toContain('In entities.products, write each of our products and competitors');
      const [row] = readAnalyses(dir);
      expect(row?.entities).toMatchObject({ products: ['Brindlepost', 'Ferncircle', 'Slack', 'Kestrelboard'], organisations: ['Acme Corp'] });
      expect(row).toMatchObject({ provider: pc.name, fallback: 0 });

      // A cached verdict is read back the same way.
      const [again] = await a.analyze([{ id: 'again', text: 'Brindle is down again, switching to Fern' }]);
      expect(fake.bodies).toHaveLength(1);
      expect(again?.result.entities.products).toEqual(['Brindlepost', 'Ferncircle', 'Slack', 'Kestrelboard']);
    });

    it('batches up to batchSize items per request and never pays twice for a text (duplicates, re-runs)', async () => {
      const list = items(7, (i) => (i <= 5 ? `${DOWN} ${i}` : `${DOWN} 1`)); // items 6 and 7 repeat item 1
      await seed(list);
      const { metrics, calls } = recordingMetrics();
      const a = analyzer({ config: { batchSize: 2 }, metrics });
      expect(await runAnalyze(deps(a))).toMatchObject({ ok: 7 });
      expect(fake.bodies.map(() => 0)).toHaveLength(3); // 5 distinct texts in batches of 2
      const rows = readAnalyses(dir);
      expect(rows.filter((x) => x.tokens_in > 0).map((x) => x.item_id)).toEqual([1, 2, 3, 4, 5]);
      expect(rows.slice(5).every((x) => x.category === 'outage' && x.tokens_in === 0 && x.cost_usd === 0 && x.fallback === 0)).toBe(true);
      expect(calls.filter((c) => c.hook === 'analyzerRequest').map((c) => c.args[2])).toEqual(['ok', 'ok', 'ok']);
      expect(calls.filter((c) => c.hook === 'analyzerTokens' && c.args[2] === 'input').reduce((n, c) => n + (c.args[3] as number), 0)).toBe(fake.usage.tokensIn);

      // A re-run of the same texts on new items (or after a crash) costs nothing: the cache answers.
      const before = fake.bodies.length;
      const out = await a.analyze(list.map((it, i) => ({ id: `again-${i}`, text: it.text })));
      expect(fake.bodies.length).toBe(before);
      expect(out.every((o) => o.provenance.tokensIn === 0 && o.provenance.provider === pc.name && !o.provenance.fallback)).toBe(true);
      expect(out[0]?.result.category).toBe('outage');
    });

    it('malformed JSON: retries the batch once, then succeeds', async () => {
      await seed(items(2));
      fake.script({ kind: 'malformed' });
      expect(await runAnalyze(deps(analyzer()))).toMatchObject({ ok: 2 });
      expect(fake.bodies).toHaveLength(2);
      expect(readAnalyses(dir).map((x) => [x.provider, x.fallback])).toEqual([[pc.name, 0], [pc.name, 0]]);
    });

    it('labels outside the taxonomy: retries just those ids, then the heuristic answers them with fallback set', async () => {
      await seed(items(4));
      const { metrics, calls } = recordingMetrics();
      // The retry renumbers its items: id "1" of the second request is item 2.
      fake.script({ kind: 'badLabels', ids: ['2', '4'] }, { kind: 'badLabels', ids: ['1'] });
      expect(await runAnalyze(deps(analyzer({ metrics })))).toMatchObject({ ok: 4 });
      expect(fake.bodies).toHaveLength(2);
      expect(lastUser().items.map((i) => i.text)).toEqual([`${HAPPY} 2`, `${HAPPY} 4`]);
      const rows = readAnalyses(dir);
      expect(rows.map((x) => [x.item_id, x.provider, x.fallback])).toEqual([
        [1, pc.name, 0],
        [2, 'heuristic', 1],
        [3, pc.name, 0],
        [4, pc.name, 0],
      ]);
      // The fallback row carries what was spent trying, and the heuristic's verdict.
      expect(rows[1]?.tokens_in).toBeGreaterThan(0);
      expect(rows[1]?.category).not.toBe('catastrophe');
      expect(calls.filter((c) => c.hook === 'analyzerFallback').map((c) => c.args)).toEqual([[pc.name, pc.model, 'invalid', 1]]);
    });

    it('ids missing from a batch reply: retries just those', async () => {
      await seed(items(3));
      fake.script({ kind: 'missing', ids: ['3'] });
      expect(await runAnalyze(deps(analyzer()))).toMatchObject({ ok: 3 });
      expect(lastUser().items).toEqual([{ id: '1', text: `${DOWN} 3` }]);
      expect(readAnalyses(dir).every((x) => x.provider === pc.name && x.fallback === 0)).toBe(true);
    });

    it('429 with Retry-After: waits exactly that long, then succeeds', async () => {
      await seed(items(1));
      const { metrics, calls } = recordingMetrics();
      fake.script({ kind: 'status', status: 429, retryAfter: '7' });
      expect(await runAnalyze(deps(analyzer({ metrics })))).toMatchObject({ ok: 1 });
      expect(sleeps).toEqual([7000]);
      expect(calls.filter((c) => c.hook === 'analyzerRequest').map((c) => c.args[2])).toEqual(['error', 'ok']);
      expect(readAnalyses(dir)[0]).toMatchObject({ provider: pc.name, fallback: 0 });
    });

    it('a Retry-After beyond the limit gives up at once: the heuristic answers', async () => {
      await seed(items(1));
      fake.script({ kind: 'status', status: 429, retryAfter: '3600' });
      await runAnalyze(deps(analyzer({ config: { maxRetryAfterSeconds: 60 } })));
      expect(sleeps).toEqual([]);
      expect(readAnalyses(dir)[0]).toMatchObject({ provider: 'heuristic', fallback: 1, tokens_in: 0 });
    });

    it('500 every time: exponential backoff over maxAttempts, then fallback; keys never in logs', async () => {
      await seed(items(2));
      const { log, lines } = captureLog();
      fake.script(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 500 })));
      expect(await runAnalyze(deps(analyzer({ config: { maxAttempts: 3, backoffMs: 100 }, log })))).toMatchObject({ ok: 2, failed: 0 });
      expect(fake.bodies).toHaveLength(3);
      expect(sleeps).toEqual([100, 200]);
      const rows = readAnalyses(dir);
      expect(rows.map((x) => [x.provider, x.model, x.fallback, x.category])).toEqual([
        ['heuristic', 'rules-v1', 1, 'outage'],
        ['heuristic', 'rules-v1', 1, 'praise'],
      ]);
      const text = lines.join('');
      expect(text).toContain('HTTP 500');
      expect(text).not.toContain(pc.key);
      expect(text).not.toContain('SECRET');
    });

    it('a timeout: the request is abandoned, the heuristic answers', async () => {
      await seed(items(1));
      const { log, lines } = captureLog();
      fake.script({ kind: 'timeout' });
      await runAnalyze(deps(analyzer({ config: { maxAttempts: 1 }, log, timeoutMs: 300 })));
      expect(readAnalyses(dir)[0]).toMatchObject({ provider: 'heuristic', fallback: 1 });
      expect(lines.join('')).toContain('"code":"TIMEOUT"');
    });

    it('a recorded 400 error body: not retried, its message logged without the key, fallback set', async () => {
      await seed(items(2));
      const { log, lines } = captureLog();
      fake.script({ kind: 'recorded400' });
      await runAnalyze(deps(analyzer({ log })));
      expect(fake.bodies).toHaveLength(1);
      expect(sleeps).toEqual([]);
      const text = lines.join('');
      expect(text).toContain(pc.name === 'openai' ? "does not support 'system' with this model" : "does not support effort level 'xhigh'");
      expect(text).not.toContain(pc.key);
      expect(readAnalyses(dir).every((x) => x.fallback === 1)).toBe(true);
    });

    it('budget exhausted mid-run: the heuristic answers the rest of the run, with a log line and a metric', async () => {
      await seed(items(6));
      const { log, lines } = captureLog();
      const { metrics, calls } = recordingMetrics();
      const r = await runAnalyze(deps(analyzer({ config: { batchSize: 2, budget: { dailyTokens: 1 } }, log, metrics })));
      expect(r).toMatchObject({ ok: 6 });
      expect(fake.bodies).toHaveLength(1);
      expect(readAnalyses(dir).map((x) => [x.item_id, x.provider, x.fallback])).toEqual([
        [1, pc.name, 0],
        [2, pc.name, 0],
        [3, 'heuristic', 1],
        [4, 'heuristic', 1],
        [5, 'heuristic', 1],
        [6, 'heuristic', 1],
      ]);
      expect(lines.filter((l) => l.includes('daily LLM budget exhausted'))).toHaveLength(1);
      expect(calls.filter((c) => c.hook === 'analyzerFallback').map((c) => c.args)).toEqual([[pc.name, pc.model, 'budget', 4]]);
      expect(calls.some((c) => c.hook === 'analyzerBudgetRemaining' && c.args[0] === 'tokens' && c.args[1] === 0)).toBe(true);
    });

    it('a run killed mid-way (aborted) saves nothing; the re-run pays only for what was not answered', async () => {
      await seed(items(4));
      const ac = new AbortController();
      fake.script({ kind: 'ok' }, { kind: 'timeout' });
      const watcher = setInterval(() => {
        if (fake.bodies.length >= 2) ac.abort(new Error('killed'));
      }, 5);
      const first = await runAnalyze(deps(analyzer({ config: { batchSize: 2 } }), 500, ac.signal));
      clearInterval(watcher);
      expect(first).toMatchObject({ ok: 0, failed: 4 });
      expect(readAnalyses(dir)).toEqual([]);
      const paid = { ...fake.usage };
      expect(await runAnalyze(deps(analyzer({ config: { batchSize: 2 } })))).toMatchObject({ ok: 4, failed: 0 });
      expect(fake.bodies).toHaveLength(3);
      expect(lastUser().items.map((i) => i.text)).toEqual([`${DOWN} 3`, `${HAPPY} 4`]);
      const rows = readAnalyses(dir);
      expect(rows.map((x) => [x.provider, x.fallback])).toEqual(Array.from({ length: 4 }, () => [pc.name, 0]));
      // Items 1 and 2 came from the cache: their cost was recorded once, by the first run's usage.
      expect(rows.slice(0, 2).every((x) => x.tokens_in === 0)).toBe(true);
      expect((await store.llm.usage('2026-11-20')).requests).toBe(2);
      expect(fake.usage.requests - paid.requests).toBe(1);
    });

    it('--retry-fallbacks re-analyzes the items the heuristic answered, and only those', async () => {
      await seed(items(3));
      fake.script({ kind: 'recorded400' });
      await runAnalyze(deps(analyzer(), 2)); // first batch of 2 fails, the third item succeeds
      expect(readAnalyses(dir).map((x) => x.fallback)).toEqual([1, 1, 0]);
      const sent = fake.bodies.length;
      expect(await runAnalyze(deps(analyzer()))).toMatchObject({ ok: 0 }); // nothing pending otherwise
      const r = await runAnalyze(deps(analyzer()), { retryFallbacks: true });
      expect(r).toMatchObject({ ok: 2 });
      expect(fake.bodies.length).toBe(sent + 1);
      expect(lastUser().items.map((i) => i.text)).toEqual([`${DOWN} 1`, `${HAPPY} 2`]);
      expect(readAnalyses(dir).map((x) => [x.provider, x.fallback])).toEqual([[pc.name, 0], [pc.name, 0], [pc.name, 0]]);
    });
  });
}

describe('openai provider in JSON mode (servers without structured outputs)', () => {
  it('asks for json_object, says JSON in the prompt, and validates the reply itself', async () => {
    const fake = await startOpenAiFake();
    try {
      fake.setLabeler(testLabeler);
      fake.script({ kind: 'badLabels', ids: ['1'] });
      const a = createLlmAnalyzer(llmConfig({ openaiResponseFormat: 'json_object' }), TEAM, {
        client: createOpenAiClient({ apiKey: OPENAI_FAKE_KEY, baseUrl: fake.baseUrl, model: 'llama3.1', timeoutMs: 5000, responseFormat: 'json_object' }, { clock }),
        fallback: createHeuristicAnalyzer({ products: [], competitors: [] }),
        ledger: createMemoryLedger(),
        clock,
        sleep: async () => undefined,
        log: silentLogger(),
      });
      const [out] = await a.analyze([{ id: 'x', text: DOWN }]);
      expect(fake.bodies[0]?.response_format).toEqual({ type: 'json_object' });
      expect(JSON.stringify(fake.bodies[0]?.messages)).toContain('JSON');
      expect(fake.bodies).toHaveLength(2); // the invalid label was caught by our validation and retried
      expect(out).toMatchObject({ id: 'x', result: { category: 'outage' }, provenance: { provider: 'openai', model: 'llama3.1', fallback: false, costUsd: 0 } });
    } finally {
      await fake.close();
    }
  });
});
