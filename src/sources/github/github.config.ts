import { z } from 'zod';
import { httpsUrl, nameSlug, namedList, sourceSliceSchema } from '../shared/config.js';

export const githubQuerySchema = z
  .object({
    name: nameSlug,
    /** What to search: repositories (watermark `pushed`) or issues and pull requests (watermark `created`). */
    kind: z.enum(['repositories', 'issues']),
    /** GitHub search syntax, e.g. `topic:llm language:rust` or `"acme cloud" is:issue`. */
    query: z.string().trim().min(1).max(256),
  })
  .strict();

const repoName = z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'expected "owner/repo"');

/** SPEC 2.1, source `github`: REST search (repositories, issues) and releases of watched repositories. */
export const githubConfigSchema = sourceSliceSchema(
  {
    baseUrl: httpsUrl.default('https://api.github.com'),
    /** Optional: without it the search API allows 10 requests a minute instead of 30. */
    token: z.string().trim().min(1).optional(),
    queries: namedList(githubQuerySchema),
    /** New releases of these repositories. */
    watchedRepos: z.array(repoName).default([]),
    perPage: z.int().min(1).max(100).default(50),
    maxPages: z.int().min(1).max(10).default(3),
  },
  { minIntervalMs: 1000 },
);

export type GithubConfig = z.infer<typeof githubConfigSchema>;
export type GithubConfigInput = z.input<typeof githubConfigSchema>;
export type GithubQuery = z.infer<typeof githubQuerySchema>;
