import type { Config } from '../../config/schema.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.port.js';
import type { Clock, Sleep } from '../../platform/clock.js';
import type { LlmLedger } from '../../store/llm.port.js';
import type { Analyzer } from '../analyzer.port.js';
import { createHeuristicAnalyzer } from '../heuristic/heuristic.analyzer.js';
import type { LlmClient, LlmCompletion, LlmRequest } from './llm-client.port.js';
import { createLlmAnalyzer } from './llm.analyzer.js';

export type ProviderName = Config['analysis']['provider'];
export const PROVIDER_NAMES: readonly ProviderName[] = ['heuristic', 'openai', 'anthropic'];

export interface AnalyzerDeps {
  ledger: LlmLedger;
  clock: Clock;
  sleep: Sleep;
  log: Logger;
  metrics?: Metrics;
}

/**
 * A client whose SDK module loads on its first request: the OpenAI and Anthropic SDKs are large,
 * and most processes (the API server, the heuristic default) never call them.
 */
const lazyClient = (provider: string, model: string, load: () => Promise<LlmClient>): LlmClient => {
  let client: Promise<LlmClient> | undefined;
  return {
    provider,
    model,
    complete: async (req: LlmRequest, signal?: AbortSignal): Promise<LlmCompletion> => (await (client ??= load())).complete(req, signal),
  };
};

const llmClient = (config: Config, provider: 'openai' | 'anthropic', clock: Clock): LlmClient | null => {
  const llm = config.analysis.llm;
  if (provider === 'openai') {
    const p = config.providers.openai;
    if (!p.apiKey) return null;
    const opts = { apiKey: p.apiKey, baseUrl: p.baseUrl, model: p.model ?? llm.openaiModel, timeoutMs: llm.timeoutMs, responseFormat: llm.openaiResponseFormat };
    return lazyClient('openai', opts.model, async () => (await import('./openai/openai.client.js')).createOpenAiClient(opts, { clock }));
  }
  const p = config.providers.anthropic;
  if (!p.apiKey) return null;
  const opts = { apiKey: p.apiKey, baseUrl: p.baseUrl, model: p.model ?? llm.anthropicModel, timeoutMs: llm.timeoutMs };
  return lazyClient('anthropic', opts.model, async () => (await import('./anthropic/anthropic.client.js')).createAnthropicClient(opts, { clock }));
};

/**
 * The analyzer the configuration asks for (`analysis.provider`, or `provider` for one run). An LLM
 * provider without its API key logs a warning and leaves the heuristic in charge: with no key,
 * nothing changes and nothing leaves the machine.
 */
export const buildAnalyzer = (config: Config, deps: AnalyzerDeps, provider: ProviderName = config.analysis.provider): Analyzer => {
  const a = config.analysis;
  const heuristic = createHeuristicAnalyzer({ products: a.products, competitors: a.competitors, aliases: a.aliases, organisations: a.organisations }, { metrics: deps.metrics });
  if (provider === 'heuristic') return heuristic;
  const client = llmClient(config, provider, deps.clock);
  if (!client) {
    const env = provider === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
    deps.log.warn({ component: 'analyzer', provider }, `analysis provider "${provider}" is selected but ${env} is not set: the heuristic analyzer answers`);
    return heuristic;
  }
  return createLlmAnalyzer(
    a.llm,
    {
      products: a.products,
      competitors: a.competitors,
      aliases: a.aliases,
      organisations: a.organisations,
      whatMatters: a.llm.whatMatters,
      researchTopics: config.topics.enabled ? config.topics.taxonomy.map((t) => t.name) : [],
    },
    { client, fallback: heuristic, ledger: deps.ledger, clock: deps.clock, sleep: deps.sleep, log: deps.log, metrics: deps.metrics },
  );
};
