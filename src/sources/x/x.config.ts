import { z } from 'zod';
import { httpsUrl, nameSlug, namedList, sourceSliceSchema } from '../shared/config.js';

export const xQuerySchema = z
  .object({
    /** Keys the cursor and appears on items (`queries[]`), so it is a stable slug. */
    name: nameSlug,
    /** X search syntax, e.g. `"acme cloud" -is:retweet`. */
    query: z.string().trim().min(1).max(4096),
    /** BCP47 code; appended as ` lang:<code>` unless the query already has a `lang:` operator. */
    lang: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'expected a language code such as "en" or "pt-BR"')
      .optional(),
  })
  .strict();

/**
 * SPEC 2.1, source `x`: Twitter API v2 recent search, one named query each. `enabled: false`
 * switches it off without removing the token or queries; the shared HTTP keys (shared/config.ts)
 * follow `maxPages`, with a 900 s longest rate-limit wait (X's 15-minute window).
 */
export const xConfigSchema = sourceSliceSchema(
  {
    baseUrl: httpsUrl.default('https://api.twitter.com'),
    /** App-only bearer token; without it the source is not built. */
    bearerToken: z.string().trim().min(1).optional(),
    queries: namedList(xQuerySchema, 'query'),
    /** Tweets per request (the API allows 10..100). */
    maxResults: z.int().min(10).max(100).default(100),
    /** Pages per query per run; reads are billed, so this caps the cost of one run. */
    maxPages: z.int().min(1).max(100).default(5),
  },
  { minIntervalMs: 0, maxWaitSeconds: 900 },
);

/** The parsed slice (defaults applied). */
export type XConfig = z.infer<typeof xConfigSchema>;
/** The slice as written in settings.yaml / env (defaults optional). */
export type XConfigInput = z.input<typeof xConfigSchema>;
export type XQuery = z.infer<typeof xQuerySchema>;
