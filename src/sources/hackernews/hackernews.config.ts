import { z } from 'zod';
import { httpSettingsShape, httpsUrl, nameSlug, uniqueNames } from '../shared/config.js';

export const hnQuerySchema = z
  .object({
    name: nameSlug,
    /** Algolia full-text query. */
    query: z.string().trim().min(1).max(512),
    /** `story` (default), `comment`, or `both`. */
    tags: z.enum(['story', 'comment', 'both']).default('story'),
  })
  .strict();

/** SPEC 2.1, source `hackernews`: Algolia `search_by_date`, one named query each. */
export const hackernewsConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    baseUrl: httpsUrl.default('https://hn.algolia.com'),
    queries: z.array(hnQuerySchema).default([]).superRefine(uniqueNames),
    /** Hits per request (Algolia allows up to 1000). */
    hitsPerPage: z.int().min(1).max(1000).default(100),
    /** Pages per query per run. */
    maxPages: z.int().min(1).max(50).default(5),
    ...httpSettingsShape({ minIntervalMs: 250 }),
  })
  .strict();

export type HackernewsConfig = z.infer<typeof hackernewsConfigSchema>;
export type HackernewsConfigInput = z.input<typeof hackernewsConfigSchema>;
export type HnQuery = z.infer<typeof hnQuerySchema>;

export const isHackernewsConfigured = (cfg: HackernewsConfig): boolean => cfg.enabled && cfg.queries.length > 0;
