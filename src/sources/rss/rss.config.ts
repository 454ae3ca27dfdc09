import { z } from 'zod';
import { nameSlug, namedList, sourceSliceSchema } from '../shared/config.js';

export const rssFeedSchema = z
  .object({
    name: nameSlug,
    /** RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed at an http(s):// or file:// URL. */
    url: z.url({ protocol: /^(https?|file)$/, error: 'expected an http://, https:// or file:// URL' }),
  })
  .strict();

/** SPEC 2.1, source `rss`: any feed URL; conditional GET; GUID identity (hash of link + title without one). */
export const rssConfigSchema = sourceSliceSchema(
  {
    feeds: namedList(rssFeedSchema),
    /** Entries taken from one feed per run (feeds list newest first). */
    maxItemsPerFeed: z.int().min(1).max(10_000).default(500),
  },
  { minIntervalMs: 0 },
);

export type RssConfig = z.infer<typeof rssConfigSchema>;
export type RssConfigInput = z.input<typeof rssConfigSchema>;
export type RssFeed = z.infer<typeof rssFeedSchema>;
