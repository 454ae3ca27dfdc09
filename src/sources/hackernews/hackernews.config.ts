import { z } from 'zod';
import { httpsUrl, nameSlug, namedList, sourceSliceSchema } from '../shared/config.js';

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
export const hackernewsConfigSchema = sourceSliceSchema(
  {
    baseUrl: httpsUrl.default('https://hn.algolia.com'),
    queries: namedList(hnQuerySchema),
    /** Hits per request (Algolia allows up to 1000). */
    hitsPerPage: z.int().min(1).max(1000).default(100),
    /** Pages per query per run. */
    maxPages: z.int().min(1).max(50).default(5),
  },
  { minIntervalMs: 250 },
);

export type HackernewsConfig = z.infer<typeof hackernewsConfigSchema>;
export type HackernewsConfigInput = z.input<typeof hackernewsConfigSchema>;
export type HnQuery = z.infer<typeof hnQuerySchema>;
