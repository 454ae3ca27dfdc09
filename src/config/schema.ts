import { z } from 'zod';
import { scoringConfigSchema } from './scoring.config.js';
import { topicsConfigSchema } from './topics.config.js';
import { sourcesConfigShape } from '../sources/registry.js';
import { notifyConfigSchema } from '../notify/registry.js';
import { llmConfigSchema } from '../analysis/llm/llm.config.js';
import { metricsConfigSchema } from '../observability/metrics.config.js';
import { spikesConfigSchema } from '../spikes/spikes.config.js';
import { entitiesConfigSchema } from '../entities/entities.config.js';

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
    organisations: nameList,
    /** LLM providers: batching, timeouts, prices, daily budget (src/analysis/llm/llm.config.ts). */
    llm: llmConfigSchema.prefault({}),
  })
  .strict();

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
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
