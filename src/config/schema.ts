import { z } from 'zod';
import { scoringConfigSchema } from './scoring.config.js';
import { feedbackConfigSchema } from '../feedback/feedback.config.js';
import { topicsConfigSchema } from './topics.config.js';
import { sourcesConfigShape } from '../sources/registry.js';
import { notifyConfigSchema } from '../notify/registry.js';
import { llmConfigSchema } from '../analysis/llm/llm.config.js';
import { metricsConfigSchema } from '../observability/metrics.config.js';
import { spikesConfigSchema } from '../spikes/spikes.config.js';
import { entitiesConfigSchema } from '../entities/entities.config.js';
import { storiesConfigSchema } from '../embeddings/embeddings.config.js';

const nameList = z.array(z.string().trim().min(1)).default([]);

export const storeConfigSchema = z
  .object({
    /** SQLite file, used unless `url` is a postgres URL. */
    path: z.string().min(1).default('var/app.db'),
    /** postgres://… selects PostgreSQL. */
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    busyTimeoutMs: z.number().int().min(0).default(5000),
    poolSize: z.number().int().min(1).max(100).default(10),
  })
  .strict();

export const analysisConfigSchema = z
  .object({
    provider: z.enum(['heuristic', 'openai', 'anthropic']).default('heuristic'),
    /** Items per analyze batch (one transaction each). */
    batchSize: z.number().int().min(1).max(10_000).default(500),
    /** Our product names: entities and product-specific rules. */
    products: nameList,
    /** Competitor names: the `competitor` category and entities. */
    competitors: nameList,
    /**
     * Other spellings of a configured product or competitor (name → aliases, e.g. a short form
     * people write): an alias found in a text counts as the name (entities, incident keys).
     */
    aliases: z.record(z.string().trim().min(1), z.array(z.string().trim().min(2)).min(1).max(50)).default({}),
    organisations: nameList,
    /** LLM providers: batching, timeouts, prices, daily budget (src/analysis/llm/llm.config.ts). */
    llm: llmConfigSchema.prefault({}),
  })
  .strict()
  .superRefine((a, ctx) => {
    const names = [...a.products, ...a.competitors];
    const lower = new Set(names.map((n) => n.toLowerCase()));
    for (const [name, aliases] of Object.entries(a.aliases)) {
      if (!names.includes(name)) ctx.addIssue({ code: 'custom', path: ['aliases', name], message: `"${name}" is not a configured product or competitor` });
      for (const alias of aliases) {
        if (lower.has(alias.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['aliases', name], message: `alias "${alias}" is itself a configured name` });
      }
    }
    const owner = new Map<string, string>();
    for (const [name, aliases] of Object.entries(a.aliases)) {
      for (const alias of aliases) {
        const prev = owner.get(alias.toLowerCase());
        if (prev !== undefined && prev !== name) ctx.addIssue({ code: 'custom', path: ['aliases', name], message: `alias "${alias}" is also an alias of "${prev}"` });
        owner.set(alias.toLowerCase(), name);
      }
    }
  });

export const pipelineConfigSchema = z
  .object({
    batchSize: z.number().int().min(1).max(10_000).default(1000),
  })
  .strict();

/** Keys later issues use; accepted and validated now so one schema stays the only reader of the environment. */
export const providersConfigSchema = z
  .object({
    openai: z.object({ apiKey: z.string().min(1).optional(), baseUrl: z.string().url().optional(), model: z.string().optional() }).strict().prefault({}),
    anthropic: z.object({ apiKey: z.string().min(1).optional(), baseUrl: z.string().url().optional(), model: z.string().optional() }).strict().prefault({}),
  })
  .strict();

const apiKey = z.string().min(16, 'API keys must be at least 16 characters');

export const apiConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535).default(8000),
    /** Admin keys: every route. */
    keys: z.array(apiKey).default([]),
    /** Read-only keys: GET routes only. */
    readKeys: z.array(apiKey).default([]),
    /** Origins allowed by CORS; empty means no cross-origin access. */
    corsOrigins: z.array(z.string().min(1)).default([]),
    rateLimit: z
      .object({
        anonymousPerMinute: z.number().int().min(1).default(100),
        keyedPerMinute: z.number().int().min(1).default(1000),
      })
      .strict()
      .prefault({}),
    bodyLimitBytes: z.number().int().min(1024).default(1_048_576),
    /** How long `/top` and `/tweet` may answer a repeated request from memory (0 = never). */
    cacheTtlMs: z.number().int().min(0).max(60_000).default(1000),
    /** Finished snapshots kept (ADR 0019): younger than `maxAgeHours`, at most `maxCount`; 0 = no limit. */
    snapshotRetention: z
      .object({
        maxAgeHours: z.number().min(0).max(24 * 3650).default(168),
        maxCount: z.number().int().min(0).max(1_000_000).default(20),
      })
      .strict()
      .prefault({}),
    /** Finished jobs kept: ended less than `maxAgeHours` ago; 0 = no limit. */
    jobRetention: z
      .object({ maxAgeHours: z.number().min(0).max(24 * 3650).default(168) })
      .strict()
      .prefault({}),
    /** Shared rate-limit counters across replicas. */
    redisUrl: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  })
  .strict();

export const configSchema = z
  .object({
    store: storeConfigSchema.prefault({}),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
        format: z.enum(['auto', 'json', 'pretty']).default('auto'),
      })
      .strict()
      .prefault({}),
    /** Freeze the clock at this instant (reproducible runs, tests); unset means the system clock. */
    now: z.iso.datetime({ offset: true }).optional(),
    analysis: analysisConfigSchema.prefault({}),
    scoring: scoringConfigSchema.prefault({}),
    topics: topicsConfigSchema.prefault({}),
    pipeline: pipelineConfigSchema.prefault({}),
    /** One slice per source, each beside its adapter (src/sources/registry.ts lists them). */
    sources: z.object(sourcesConfigShape()).strict().prefault({}),
    /** One slice per notification channel (src/notify/registry.ts). */
    notify: notifyConfigSchema.prefault({}),
    providers: providersConfigSchema.prefault({}),
    api: apiConfigSchema.prefault({}),
    metrics: metricsConfigSchema.prefault({}),
    /** Volume spikes: the detector's settings (src/spikes/spikes.config.ts, ADR 0025). */
    spikes: spikesConfigSchema.prefault({}),
    /** Entities: the pipeline stage and the gazetteer (src/entities/entities.config.ts, ADR 0031). */
    entities: entitiesConfigSchema.prefault({}),
    /** The learned relevance model in salience (src/feedback/feedback.config.ts, ADR 0030). */
    feedback: feedbackConfigSchema.prefault({}),
    /** Story assignment: the optional embedding provider (src/stories/embeddings/embeddings.config.ts). */
    stories: storiesConfigSchema.prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.stories.embeddings.enabled && !c.providers.openai.apiKey) {
      ctx.addIssue({ code: 'custom', path: ['stories', 'embeddings', 'enabled'], message: 'the embedding provider needs an API key: set OPENAI_API_KEY (any non-empty value for a server without keys, e.g. Ollama)' });
    }
  });

export type Config = z.infer<typeof configSchema>;
