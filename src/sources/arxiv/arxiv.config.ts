import { z } from 'zod';
import { httpsUrl, nameSlug, namedList, sourceSliceSchema } from '../shared/config.js';

export const arxivQuerySchema = z
  .object({
    name: nameSlug,
    /** arXiv search syntax, e.g. `all:"retrieval augmented"` or `ti:transformer AND cat:cs.CL`. */
    query: z.string().trim().min(1).max(512).optional(),
    /** A category such as `cs.LG` (searched as `cat:<category>`, combined with `query` by AND). */
    category: z
      .string()
      .regex(/^[a-z-]+(\.[A-Za-z-]+)?$/, 'expected an arXiv category such as "cs.LG" or "hep-th"')
      .optional(),
  })
  .strict()
  .refine((q) => q.query !== undefined || q.category !== undefined, { message: 'an arxiv query needs a query, a category, or both' });

/** SPEC 2.1, source `arxiv`: the export API (Atom), newest `published` per query as cursor. */
export const arxivConfigSchema = sourceSliceSchema(
  {
    baseUrl: httpsUrl.default('https://export.arxiv.org'),
    queries: namedList(arxivQuerySchema),
    maxResults: z.int().min(1).max(2000).default(100),
    maxPages: z.int().min(1).max(20).default(3),
  },
  /** arXiv asks for at most one request every 3 seconds. */
  { minIntervalMs: 3000 },
).refine((c) => c.minIntervalMs >= 3000, { message: 'arXiv allows at most one request per 3 s (minIntervalMs >= 3000)', path: ['minIntervalMs'] });

export type ArxivConfig = z.infer<typeof arxivConfigSchema>;
export type ArxivConfigInput = z.input<typeof arxivConfigSchema>;
export type ArxivQuery = z.infer<typeof arxivQuerySchema>;
