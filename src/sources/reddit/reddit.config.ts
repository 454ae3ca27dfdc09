import { z } from 'zod';
import { httpsUrl, nameSlug, namedList, sourceSliceSchema } from '../shared/config.js';

const subredditName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_]{1,20}$/, 'expected a subreddit name such as "programming" (no r/ prefix)');

/** A listing: a subreddit's newest posts, or a search (site-wide or within one subreddit). */
export const redditListingSchema = z
  .object({
    name: nameSlug,
    subreddit: subredditName.optional(),
    /** Reddit search syntax; without it the listing is `/r/<subreddit>/new`. */
    query: z.string().trim().min(1).max(512).optional(),
  })
  .strict()
  .refine((l) => l.subreddit !== undefined || l.query !== undefined, { message: 'a listing needs a subreddit, a query, or both' });

/** SPEC 2.1, source `reddit`: `/r/<sub>/new` and `/search`; OAuth app-only when id and secret are set. */
export const redditConfigSchema = sourceSliceSchema(
  {
    /** Public JSON endpoints (used without OAuth). */
    baseUrl: httpsUrl.default('https://www.reddit.com'),
    /** OAuth endpoints (used with a client id and secret). */
    oauthBaseUrl: httpsUrl.default('https://oauth.reddit.com'),
    tokenUrl: httpsUrl.default('https://www.reddit.com/api/v1/access_token'),
    clientId: z.string().trim().min(1).optional(),
    clientSecret: z.string().trim().min(1).optional(),
    /** Reddit asks for `<platform>:<app id>:<version> (by /u/<username>)`; generic agents are throttled. */
    userAgent: z.string().trim().min(10).max(256).default('server:signal-harvester:0.1 (self-hosted; +https://github.com/signal-harvester)'),
    listings: namedList(redditListingSchema),
    /** Posts per request (Reddit allows up to 100). */
    limit: z.int().min(1).max(100).default(100),
    maxPages: z.int().min(1).max(20).default(3),
  },
  /** 600 ms between requests keeps us under Reddit's 100 requests a minute. */
  { minIntervalMs: 600 },
).refine((c) => (c.clientId === undefined) === (c.clientSecret === undefined), {
    message: 'set both clientId and clientSecret (OAuth app-only), or neither (public JSON)',
    path: ['clientSecret'],
  });

export type RedditConfig = z.infer<typeof redditConfigSchema>;
export type RedditConfigInput = z.input<typeof redditConfigSchema>;
export type RedditListing = z.infer<typeof redditListingSchema>;
