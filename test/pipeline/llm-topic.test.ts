import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildAnalyzer } from '../../src/analysis/llm/build-analyzer.js';
import { configSchema } from '../../src/config/schema.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runAnalyze } from '../../src/pipeline/analyze.stage.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { OPENAI_FAKE_KEY, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';
import { testLabeler } from '../analysis/llm/harness.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));
const TEXTS = ['Logical qubits below the surface code threshold', 'A battery that lasts forever', 'Cannot log in, the app is down'];
/** The fake LLM's topic: a name of the taxonomy, one outside it (dropped), or none. */
const topicOf = (text: string): string | null => (text.includes('qubit') ? 'quantum' : text.includes('battery') ? 'alchemy' : null);

for (const target of storeTargets()) {
  describe(`the LLM's topic beside the model's, end to end [${target.name}]`, () => {
    let store: Store;
    let fake: OpenAiFake;
    beforeEach(async () => {
      store = await target.open(clock);
      fake = await startOpenAiFake();
      fake.setLabeler((it) => ({ ...testLabeler(it), topic: topicOf(it.text) }));
      await store.saveFetchBatch('demo', TEXTS.map((text, i) => newItem(i + 1, { text })));
    });
    afterEach(async () => {
      await fake.close();
      await store.close();
    });

    const run = async (provider: 'openai' | 'heuristic', topicsEnabled = true) => {
      const config = configSchema.parse({ providers: { openai: { apiKey: OPENAI_FAKE_KEY, baseUrl: fake.baseUrl } }, topics: { enabled: topicsEnabled } });
      const analyzer = buildAnalyzer(config, { ledger: store.llm, clock, sleep: async () => undefined, log: silentLogger() }, provider);
      const deps: PipelineDeps = { store, sources: [], analyzer, notifiers: [], clock, log: silentLogger(), scoring: scoringConfigSchema.parse({}), batchSize: 500 };
      return runAnalyze(deps);
    };
    const ids = async (): Promise<number[]> => Promise.all(TEXTS.map(async (_, i) => (await store.findItem('demo', `ext-${i + 1}`))?.id ?? -1));
    const system = (): string => JSON.stringify((fake.bodies[0]?.messages as unknown[] | undefined)?.[0] ?? '');

    it('names the taxonomy in the prompt and stores the LLM topic (unknown names as none) beside the model topic', async () => {
      expect(await run('openai')).toMatchObject({ ok: 3, fallback: 0 });
      for (const name of ['ai-llms', 'quantum', 'semiconductors']) expect(system()).toContain(name);
      const found = await store.llmTopics.ofItems(await ids());
      expect((await ids()).map((id) => found.get(id)?.llmTopic)).toEqual(['quantum', null, null]);
      for (const p of found.values()) expect(p.topic).toBeNull(); // no topics stage ran: the model has not assigned one
    });

    it('keeps the offline path and topics-off prompts unchanged: no topic asked for, none stored', async () => {
      expect(await run('heuristic')).toMatchObject({ ok: 3 });
      expect(fake.bodies).toHaveLength(0);
      for (const p of (await store.llmTopics.ofItems(await ids())).values()) expect(p.llmTopic).toBeNull();
    });

    it('does not name the taxonomy when topics are disabled', async () => {
      expect(await run('openai', false)).toMatchObject({ ok: 3, fallback: 0 });
      expect(system()).not.toContain('semiconductors');
      for (const p of (await store.llmTopics.ofItems(await ids())).values()) expect(p.llmTopic).toBeNull();
    });
  });
}
