import { z } from 'zod';

/** A query name keys the cursor and appears on items (`queries[]`), so it is a stable slug. */
const querySlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_" (it keys the cursor)');

export const xQuerySchema = z
  .object({
    name: querySlug,
    /** X search syntax, e.g. `"acme cloud" -is:retweet`. */
    query: z.string().trim().min(1).max(4096),
    /** BCP47 code; appended as ` lang:<code>` unless the query already has a `lang:` operator. */
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'expected a language code such as "en" or "pt-BR"')
      .optional(),
  })
  .strict();

/** SPEC 2.1, source `x`: Twitter API v2 recent search, one named query each. */
export const xConfigSchema = z
  .object({
    /** Set to false to switch the source off without removing its token or queries. */
    enabled: z.boolean().default(true),
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.twitter.com'),
    /** App-only bearer token; without it the composition root does not build the source. */
    bearerToken: z.string().trim().min(1).optional(),
    queries: z
      .array(xQuerySchema)
      .default([])
      .superRefine((queries, ctx) => {
        const seen = new Set<string>();
        queries.forEach((q, i) => {
          if (seen.has(q.name)) {
            ctx.addIssue({
              code: 'custom',
              path: [i, 'name'],
              message: `duplicate query name "${q.name}": query names must be unique (each keys its own cursor)`,
            });
          }
          seen.add(q.name);
        });
      }),
    /** Tweets per request (the API allows 10..100). */
    maxResults: z.int().min(10).max(100).default(100),
    /** Pages per query per run; reads are billed, so this caps the cost of one run. */
    maxPages: z.int().min(1).max(100).default(5),
    timeoutMs: z.int().min(100).max(120_000).default(15_000),
    /** Retries per request after a 5xx, a network error or a rate limit we waited out. */
    maxRetries: z.int().min(0).max(10).default(3),
    /** Longest rate-limit wait accepted; beyond it the query stops with UPSTREAM_RATE_LIMITED. */
    maxWaitSeconds: z.int().min(0).max(3600).default(900),
  })
  .strict();

/** The parsed slice (defaults applied). */
export type XConfig = z.infer<typeof xConfigSchema>;
/** The slice as written in settings.yaml / env (defaults optional). */
export type XConfigInput = z.input<typeof xConfigSchema>;
export type XQuery = z.infer<typeof xQuerySchema>;

/** The source runs only when switched on, given a token and at least one query. */
export const isXSourceConfigured = (cfg: XConfig): cfg is XConfig & { bearerToken: string } =>
  cfg.enabled && cfg.bearerToken !== undefined && cfg.queries.length > 0;
